import { crc32 } from 'node:zlib';
import * as encoding from 'lib0/encoding';
import { describe, expect, it } from 'vitest';
import { decodeJournal, encodeAppendRecord, encodeJournalRecord, type JournalRecord } from './journalRecord.js';

/** The append record as the format describes it, built with lib0's encoder (the reference). */
function referenceAppend(record: Extract<JournalRecord, { type: 'append' }>, withAuthor = true): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeUint8(encoder, withAuthor ? 4 : 1);
  encoding.writeVarString(encoder, record.docName);
  encoding.writeVarString(encoder, record.epoch);
  encoding.writeVarUint(encoder, record.createdAt);
  encoding.writeVarUint(encoder, record.updatedAt);
  encoding.writeVarUint(encoder, record.firstSeq);
  encoding.writeUint8(encoder, record.title === undefined ? 0 : 1);
  if (record.title !== undefined) encoding.writeVarString(encoder, record.title);
  if (withAuthor) {
    encoding.writeUint8(encoder, record.author === undefined ? 0 : 1);
    if (record.author !== undefined) encoding.writeVarString(encoder, record.author);
  }
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
    author: 'user-42 ✓',
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
    const untitled = { ...record, title: undefined, author: undefined, updates: [] };
    const bytes = new Uint8Array([...encodeJournalRecord(record), ...encodeJournalRecord(untitled)]);
    expect(Buffer.from(encodeJournalRecord(untitled)).equals(Buffer.from(referenceAppend(untitled)))).toBe(true);
    const { records, damage } = decodeJournal(bytes);
    expect(damage).toEqual([]);
    expect(records).toEqual([record, untitled]);
  });

  it('reads append records written before authors were stored (type 1) as having no author', () => {
    const old = { ...record, author: undefined };
    const { records, damage } = decodeJournal(referenceAppend(old, false));
    expect(damage).toEqual([]);
    expect(records).toEqual([old]);
  });

  it('encodes every doc and epoch right, one after another', () => {
    const small = { ...record, title: undefined, author: undefined, updates: [bytesOf(40, 3)] };
    const same = (fields: typeof small) => Buffer.from(encodeAppendRecord(fields).bytes).equals(Buffer.from(referenceAppend(fields)));
    expect(same({ ...small, firstSeq: 301 })).toBe(true);
    expect(same({ ...small, epoch: 'a-new-epoch-after-delete' })).toBe(true);
    for (let i = 0; i < 20; i++) expect(same({ ...small, docName: `doc-${i}`, epoch: `epoch-${i}` })).toBe(true);
  });

  it("skips a damaged record and reads on from the next intact one, naming the damaged record's doc", () => {
    const records = ['a', 'b', 'c'].map((docName, i) => ({ ...record, docName, firstSeq: i, updates: [bytesOf(50 + i, i)] }));
    const frames = records.map((fields) => encodeJournalRecord(fields));
    const bytes = new Uint8Array(frames.reduce((total, frame) => total + frame.length, 0));
    let offset = 0;
    for (const frame of frames) {
      bytes.set(frame, offset);
      offset += frame.length;
    }
    const intact = bytes.slice();
    const damagedAt = (frames[0] as Uint8Array).length;
    bytes[damagedAt + 60] = (bytes[damagedAt + 60] as number) ^ 0x10; // inside b's update
    const decoded = decodeJournal(bytes);
    expect(decoded.records.map((r) => (r as { docName: string }).docName)).toEqual(['a', 'c']);
    expect(decoded.damage).toEqual([{ offset: damagedAt, bytes: (frames[1] as Uint8Array).length, docName: 'b', tail: false }]);

    // A file cut short inside its last frame: a torn tail.
    const cut = decodeJournal(intact.subarray(0, intact.length - 5));
    expect(cut.damage).toEqual([expect.objectContaining({ docName: 'c', tail: true })]);
  });
});
