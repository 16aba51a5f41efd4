import { batchRange, metaKey, updateRange, versionIndexRange, versionRange } from './keys.js';
import type { BatchOp, LevelDb } from './levelDb.js';

/** The operations that remove everything LevelDB holds of a doc: its updates, batch records, versions, version index and metadata. */
export async function docDeleteOps(db: LevelDb, docName: string): Promise<BatchOp[]> {
  const ops: BatchOp[] = [];
  for await (const key of db.keys(updateRange(docName))) ops.push({ type: 'del', key });
  for await (const key of db.keys(batchRange(docName))) ops.push({ type: 'del', key });
  for await (const key of db.keys(versionRange(docName))) ops.push({ type: 'del', key });
  for await (const key of db.keys(versionIndexRange(docName))) ops.push({ type: 'del', key });
  ops.push({ type: 'del', key: metaKey(docName) });
  return ops;
}
