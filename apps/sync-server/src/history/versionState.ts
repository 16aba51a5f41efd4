import type { DocumentStore, DocVersion, StoredBatch } from '@tandem/persistence';
import * as Y from 'yjs';
import { HttpError } from '../httpError.js';

/** A sequence number from a route's path: a positive integer (400 otherwise). */
export function seqParam(text: string | undefined, what = 'version'): number {
  if (text === undefined || !/^\d{1,15}$/.test(text) || Number(text) < 1) {
    throw new HttpError(400, `invalid ${what} ${JSON.stringify(text)}: expected a sequence number (an integer >= 1)`);
  }
  return Number(text);
}

/** The version at `seq` of an existing document; 404 when there is none. */
export async function existingVersion(store: DocumentStore, name: string, seq: number): Promise<DocVersion> {
  const version = await store.getVersion(name, seq);
  if (version === null) throw new HttpError(404, `document ${JSON.stringify(name)} has no version ${seq}`);
  return version;
}

/** The stored batches that make the state at `seq` (a version, or the doc's current number). */
export async function batchesThrough(store: DocumentStore, name: string, seq: number): Promise<StoredBatch[]> {
  const batches = await store.readThrough(name, seq);
  if (batches === null) throw new HttpError(404, `unknown document ${JSON.stringify(name)}`);
  return batches;
}

/** A Y.Doc with `batches` applied (garbage collection as asked: off keeps deleted content, for comparing). */
export function docOfBatches(batches: readonly StoredBatch[], gc = true): Y.Doc {
  const doc = new Y.Doc({ gc });
  doc.transact(() => {
    for (const batch of batches) for (const update of batch.updates) Y.applyUpdate(doc, update);
  });
  return doc;
}
