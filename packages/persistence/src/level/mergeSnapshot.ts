import * as Y from 'yjs';
import { InvalidUpdateError, type MergedState, mergeUpdates } from './mergeUpdates.js';
import type { MergeWorker } from './mergeWorker.js';
import type { Snapshot } from './readDocRecords.js';
import { StoreError } from '../storeError.js';

/**
 * Snapshots with at least this many stored bytes are merged in the worker thread; smaller ones
 * on the main thread in time slices (cheaper than a round trip to the worker).
 */
export const workerMergeThresholdBytes = 256 * 1024;

/** Merges a doc's records into one update; a bad record becomes a StoreError naming the doc. */
export async function mergeSnapshot(docName: string, snapshot: Snapshot, worker: MergeWorker): Promise<MergedState> {
  const { values } = snapshot;
  try {
    if (values.length === 0) {
      const empty = new Y.Doc();
      return { update: Y.encodeStateAsUpdate(empty), stateVector: Y.encodeStateVector(empty) };
    }
    if (values.length === 1) {
      const update = values[0] as Uint8Array;
      try {
        return { update, stateVector: Y.encodeStateVectorFromUpdate(update) };
      } catch (error) {
        throw new InvalidUpdateError(0, error);
      }
    }
    if (snapshot.meta.bytes >= workerMergeThresholdBytes) return await worker.merge(values);
    return await mergeUpdates(values);
  } catch (error) {
    if (error instanceof InvalidUpdateError) {
      throw new StoreError(`corrupt stored update (record ${error.index + 1} of ${values.length})`, {
        docName,
        cause: error,
      });
    }
    throw new StoreError('merging the stored updates failed', { docName, cause: error });
  }
}
