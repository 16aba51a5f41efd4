import { crc32 } from 'node:zlib';
import * as encoding from 'lib0/encoding';
import { describe, expect, it } from 'vitest';
import { appendHeaderCacheSize, decodeJournal, encodeAppendRecord, encodeJournalRecord, type JournalRecord } from './journalRecord.js';

/** The append record as the format describes it, built with lib0's encoder (the reference). */
function referenceAppend(record: Extract<JournalRecord, { type: 'append' }>): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeUint8(encoder, 1);
  encoding.writeVarString(encoder, record.docName);
  encoding.writeVarString(encoder, record.epoch);
  encoding.writeVarUint(encoder, record.createdAt);
  encoding.writeVarUint(encoder, record.updatedAt);
  encoding.writeVarUint(encoder, record.firstSeq);
  encoding.writeUint8(encoder, record.title === undefined ? 0 : 1);
  if (record.title !== undefined) encoding.writeVarString(encoder, record.title);
  encoding.writeVarUint(encoder, record.updates.length);
  for (const update of record.updates) encoding.writeVarUint8Array(encoder, update);
  const body = encoding.toUint8Array(encoder);
  const framed = new Uint8Array(8 + body.length);
  const view = new DataView(framed.buffer);
  view.setUint32(0, body.length, true);
  view.setUint32(4, crc32(body), true);
  framed.set(body, 8);
  return framed;
}

const bytesOf = (length: number, seed: number) => Uint8Array.from({ length }, (_, i) => (i * 31 + seed) & 0xff);

describe('journal append records', () => {
  // Lengths around every varUint boundary (1, 2 and 3 bytes of length prefix).
  const updates = [1, 127, 128, 300, 16_383, 16_384, 70_000].map(bytesOf);
  const record = {
    type: 'append',
    docName: 'notes/Ünïcode ✓',
    epoch: 'f1e2d3c4-epoch',
    createdAt: 1_796_000_000_000,
    updatedAt: 1_796_000_000_123,
    firstSeq: 300,
    title: 'A title',
    updates,
  } satisfies JournalRecord;

  it('encodes byte for byte like the lib0 reference, in one buffer, with views of the updates inside it', () => {
    const encoded = encodeAppendRecord(record);
    expect(Buffer.from(encoded.bytes).equals(Buffer.from(referenceAppend(record)))).toBe(true);
    expect(encoded.updates).toHaveLength(updates.length);
    encoded.updates.forEach((view, i) => {
      expect(view.buffer).toBe(encoded.bytes.buffer);
      expect(Buffer.from(view).equals(Buffer.from(updates[i] as Uint8Array))).toBe(true);
    });
    // Views, not copies: the caller's buffers are not retained, the record's one buffer is.
    expect(encoded.updates[0]?.buffer).not.toBe(updates[0]?.buffer);
  });

  it('decodes back to the same record, without a title and with no updates too', () => {
    const untitled = { ...record, title: undefined, updates: [] };
    const bytes = new Uint8Array([...encodeJournalRecord(record), ...encodeJournalRecord(untitled)]);
    expect(Buffer.from(encodeJournalRecord(untitled)).equals(Buffer.from(referenceAppend(untitled)))).toBe(true);
    const { records, torn } = decodeJournal(bytes);
    expect(torn).toBe(false);
    expect(records).toEqual([record, untitled]);
  });

  it('keeps each doc\'s encoded header only while its epoch stays: a new epoch and evicted docs encode right', () => {
    const small = { ...record, title: undefined, updates: [bytesOf(40, 3)] };
    const same = (fields: typeof small) =>
      Buffer.from(encodeAppendRecord(fields).bytes).equals(Buffer.from(referenceAppend(fields)));
    expect(same(small)).toBe(true);
    // The same doc again (the cached header), then with a new epoch (a deleted and re-created doc).
    expect(same({ ...small, firstSeq: 301 })).toBe(true);
    expect(same({ ...small, epoch: 'a-new-epoch-after-delete' })).toBe(true);
    // And back to the first epoch: the header follows the epoch it is asked for.
    expect(same({ ...small, firstSeq: 302 })).toBe(true);
    // More docs than the cache holds, twice round: the first ones were evicted and are re-encoded.
    for (let round = 0; round < 2; round++) {
      for (let i = 0; i < appendHeaderCacheSize + 10; i++) {
        expect(same({ ...small, docName: `doc-${i}`, epoch: `epoch-${i}` })).toBe(true);
      }
    }
  });
});
