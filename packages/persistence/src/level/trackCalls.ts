import type { DocumentStore } from '../documentStore.js';
import { forwardOutbox } from '../outbox/forwardOutbox.js';

/**
 * `store` with every call but `close` added to `inFlight` until it settles, so that `close()` can
 * wait for the calls already made (a load may still be merging).
 */
export function trackCalls(store: DocumentStore, inFlight: Set<Promise<unknown>>): DocumentStore {
  function track<T>(operation: Promise<T>): Promise<T> {
    inFlight.add(operation);
    const forget = (): void => {
      inFlight.delete(operation);
    };
    operation.then(forget, forget);
    return operation;
  }
  return {
    append: (docName, updates, appendOptions) => track(store.append(docName, updates, appendOptions)),
    load: (docName) => track(store.load(docName)),
    loadUpdates: (docName) => track(store.loadUpdates(docName)),
    readAfter: (docName, afterSeq) => track(store.readAfter(docName, afterSeq)),
    readThrough: (docName, throughSeq) => track(store.readThrough(docName, throughSeq)),
    createVersion: (docName, options) => track(store.createVersion(docName, options)),
    listVersions: (docName, options) => track(store.listVersions(docName, options)),
    getVersion: (docName, seq) => track(store.getVersion(docName, seq)),
    deleteVersions: (docName, seqs) => track(store.deleteVersions(docName, seqs)),
    getMeta: (docName) => track(store.getMeta(docName)),
    list: (listOptions) => track(store.list(listOptions)),
    delete: (docName) => track(store.delete(docName)),
    checkWritable: () => track(store.checkWritable()),
    close: () => store.close(),
    outbox: forwardOutbox((call) => track(call(store.outbox))),
  };
}
