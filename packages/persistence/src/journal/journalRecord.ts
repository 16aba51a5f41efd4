import { crc32 } from 'node:zlib';
import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';

/**
 * Journal records. Every record is framed as
 *
 *   [bodyLength: u32 LE] [crc32(body): u32 LE] [body]
 *
 * and the body is [type: u8] followed by
 *
 *   append (1)  [doc: varString] [epoch: varString] [createdAt: varUint] [updatedAt: varUint]
 *               [firstSeq: varUint] [hasTitle: u8] ([title: varString]) [count: varUint] [update: varBytes]*
 *   delete (2)  [doc: varString] [epoch: varString]     (forget the journal's earlier appends of that epoch)
 *   probe  (3)  (nothing; written by checkWritable, ignored on replay)
 *
 * A frame that is cut short or fails its checksum ends the readable part of a file (a write torn
 * by a power cut); nothing after it in that file is trusted.
 */
export type JournalRecord =
  | {
      type: 'append';
      docName: string;
      epoch: string;
      createdAt: number;
      updatedAt: number;
      firstSeq: number;
      title: string | undefined;
      updates: Uint8Array[];
    }
  | { type: 'delete'; docName: string; epoch: string }
  | { type: 'probe' };

const typeCodes = { append: 1, delete: 2, probe: 3 } as const;
const headerBytes = 8;

function frame(body: Uint8Array): Uint8Array {
  const out = new Uint8Array(headerBytes + body.length);
  const view = new DataView(out.buffer);
  view.setUint32(0, body.length, true);
  view.setUint32(4, crc32(body), true);
  out.set(body, headerBytes);
  return out;
}

export function encodeJournalRecord(record: JournalRecord): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeUint8(encoder, typeCodes[record.type]);
  switch (record.type) {
    case 'append':
      encoding.writeVarString(encoder, record.docName);
      encoding.writeVarString(encoder, record.epoch);
      encoding.writeVarUint(encoder, record.createdAt);
      encoding.writeVarUint(encoder, record.updatedAt);
      encoding.writeVarUint(encoder, record.firstSeq);
      encoding.writeUint8(encoder, record.title === undefined ? 0 : 1);
      if (record.title !== undefined) encoding.writeVarString(encoder, record.title);
      encoding.writeVarUint(encoder, record.updates.length);
      for (const update of record.updates) encoding.writeVarUint8Array(encoder, update);
      break;
    case 'delete':
      encoding.writeVarString(encoder, record.docName);
      encoding.writeVarString(encoder, record.epoch);
      break;
    case 'probe':
      break;
  }
  return frame(encoding.toUint8Array(encoder));
}

function decodeBody(body: Uint8Array): JournalRecord {
  const decoder = decoding.createDecoder(body);
  const type = decoding.readUint8(decoder);
  switch (type) {
    case typeCodes.append: {
      const docName = decoding.readVarString(decoder);
      const epoch = decoding.readVarString(decoder);
      const createdAt = decoding.readVarUint(decoder);
      const updatedAt = decoding.readVarUint(decoder);
      const firstSeq = decoding.readVarUint(decoder);
      const title = decoding.readUint8(decoder) === 1 ? decoding.readVarString(decoder) : undefined;
      const count = decoding.readVarUint(decoder);
      const updates: Uint8Array[] = [];
      for (let i = 0; i < count; i++) updates.push(decoding.readVarUint8Array(decoder));
      return { type: 'append', docName, epoch, createdAt, updatedAt, firstSeq, title, updates };
    }
    case typeCodes.delete:
      return { type: 'delete', docName: decoding.readVarString(decoder), epoch: decoding.readVarString(decoder) };
    case typeCodes.probe:
      return { type: 'probe' };
    default:
      throw new Error(`unknown journal record type ${type}`);
  }
}

/**
 * Every intact record of one journal file, in order, and whether the file ended in a torn or
 * corrupt frame (after which nothing is read).
 */
export function decodeJournal(bytes: Uint8Array): { records: JournalRecord[]; torn: boolean } {
  const records: JournalRecord[] = [];
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let offset = 0;
  while (offset < bytes.length) {
    if (bytes.length - offset < headerBytes) return { records, torn: true };
    const length = view.getUint32(offset, true);
    const checksum = view.getUint32(offset + 4, true);
    const start = offset + headerBytes;
    if (bytes.length - start < length) return { records, torn: true };
    const body = bytes.subarray(start, start + length);
    if (crc32(body) !== checksum) return { records, torn: true };
    try {
      records.push(decodeBody(body));
    } catch {
      return { records, torn: true };
    }
    offset = start + length;
  }
  return { records, torn: false };
}
