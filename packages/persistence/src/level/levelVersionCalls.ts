import { checkDocName, checkSeq } from '../checkInput.js';
import type { DocumentStore } from '../documentStore.js';
import { asStoreError } from './asStoreError.js';
import { createLevelVersions, type LevelVersionsDeps } from './levelVersions.js';

export type VersionCalls = Pick<DocumentStore, 'readThrough' | 'createVersion' | 'listVersions' | 'getVersion' | 'deleteVersions'>;

/**
 * The LevelDB store's version operations (levelVersions.ts) as the store's public calls: the doc
 * name and numbers checked, refused once the store is closing, every failure a StoreError naming
 * the doc. `forget` is for the store's delete (inside the doc's queue).
 */
export function levelVersionCalls(
  deps: LevelVersionsDeps,
  assertOpen: (docName: string, operation: string) => void,
): { calls: VersionCalls; forget: (docName: string) => void } {
  const versions = createLevelVersions(deps);
  async function versionCall<T>(docName: string, operation: string, call: () => Promise<T>): Promise<T> {
    checkDocName(docName);
    assertOpen(docName, operation);
    try {
      return await call();
    } catch (error) {
      throw asStoreError(error, `${operation} failed`, docName);
    }
  }
  const calls: VersionCalls = {
    readThrough(docName, throughSeq) {
      return versionCall(docName, 'readThrough', () => {
        checkSeq(docName, throughSeq);
        return versions.readThrough(docName, throughSeq);
      });
    },
    createVersion: (docName, options) => versionCall(docName, 'createVersion', () => versions.create(docName, options)),
    listVersions: (docName, options = {}) => versionCall(docName, 'listVersions', () => versions.list(docName, options)),
    getVersion(docName, seq) {
      return versionCall(docName, 'getVersion', () => {
        checkSeq(docName, seq);
        return versions.get(docName, seq);
      });
    },
    deleteVersions: (docName, seqs) => versionCall(docName, 'deleteVersions', () => versions.remove(docName, seqs)),
  };
  return { calls, forget: (docName) => versions.forget(docName) };
}
