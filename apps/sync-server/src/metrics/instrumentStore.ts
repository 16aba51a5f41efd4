import type { DocumentStore } from '@tandem/persistence';
import type { ServerMetrics } from './createServerMetrics.js';

export interface InstrumentStoreOptions {
  metrics: ServerMetrics;
  /** An append failed (readiness re-probes the store). */
  onWriteFailed?: (error: unknown) => void;
}

/**
 * The same store, with appends and loads timed into the metrics and failures counted. Errors
 * still propagate unchanged to the caller.
 */
export function instrumentStore(store: DocumentStore, { metrics, onWriteFailed }: InstrumentStoreOptions): DocumentStore {
  const timedLoad = <T>(load: () => Promise<T>): Promise<T> => {
    const started = performance.now();
    return load().then(
      (loaded) => {
        metrics.observeLoad((performance.now() - started) / 1000);
        return loaded;
      },
      (error: unknown) => {
        metrics.error('store_load');
        throw error;
      },
    );
  };
  return {
    append(docName, updates, options) {
      const started = performance.now();
      return store.append(docName, updates, options).then(
        (result) => {
          let bytes = 0;
          for (const update of updates) bytes += update.byteLength;
          metrics.observePersist((performance.now() - started) / 1000, updates.length, bytes);
          return result;
        },
        (error: unknown) => {
          metrics.error('store_write');
          onWriteFailed?.(error);
          throw error;
        },
      );
    },
    load: (docName) => timedLoad(() => store.load(docName)),
    loadUpdates: (docName) => timedLoad(() => store.loadUpdates(docName)),
    readAfter: (docName, afterSeq) => store.readAfter(docName, afterSeq),
    readThrough: (docName, throughSeq) => store.readThrough(docName, throughSeq),
    createVersion: (docName, options) => store.createVersion(docName, options),
    listVersions: (docName, options) => store.listVersions(docName, options),
    getVersion: (docName, seq) => store.getVersion(docName, seq),
    deleteVersions: (docName, seqs) => store.deleteVersions(docName, seqs),
    getMeta: (docName) => store.getMeta(docName),
    list: (options) => store.list(options),
    delete: (docName) => store.delete(docName),
    checkWritable: () => store.checkWritable(),
    close: () => store.close(),
    outbox: store.outbox,
  };
}
