import * as Y from 'yjs';
import { workerMergeThresholdBytes } from '../level/mergeSnapshot.js';
import { InvalidUpdateError, type MergedState, mergeUpdates } from '../level/mergeUpdates.js';
import type { MergeWorker } from '../level/mergeWorker.js';
import { StoreError } from '../storeError.js';

/**
 * A doc's stored updates merged into one (deleted content garbage-collected), the same way the
 * LevelDB store merges: applied to a Y.Doc in short slices on this thread, or in the merge worker
 * from 256 KiB on, so a large doc never stalls the other docs. A bad update becomes a StoreError
 * naming the doc and the update.
 */
export async function mergeDocUpdates(docName: string, updates: readonly Uint8Array[], worker: MergeWorker): Promise<MergedState> {
  try {
    if (updates.length === 0) {
      const empty = new Y.Doc();
      return { update: Y.encodeStateAsUpdate(empty), stateVector: Y.encodeStateVector(empty) };
    }
    if (updates.length === 1) {
      const update = updates[0] as Uint8Array;
      try {
        return { update, stateVector: Y.encodeStateVectorFromUpdate(update) };
      } catch (error) {
        throw new InvalidUpdateError(0, error);
      }
    }
    const bytes = updates.reduce((total, update) => total + update.byteLength, 0);
    return bytes >= workerMergeThresholdBytes ? await worker.merge(updates) : await mergeUpdates(updates);
  } catch (error) {
    if (error instanceof InvalidUpdateError) {
      throw new StoreError(`corrupt stored update (${error.index + 1} of ${updates.length})`, { docName, cause: error });
    }
    throw new StoreError('merging the stored updates failed', { docName, cause: error });
  }
}
