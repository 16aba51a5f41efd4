import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import { crc32 } from './crc32.js';

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
  out.set(body, headerBytes);
  writeFrameHeader(out, body.length);
  return out;
}

/** Fills the frame header of `out`, whose body (`bodyLength` bytes) follows it: length, then CRC. */
function writeFrameHeader(out: Uint8Array, bodyLength: number): void {
  writeUint32LeAt(out, 0, bodyLength);
  writeUint32LeAt(out, 4, crc32(out.subarray(headerBytes, headerBytes + bodyLength)));
}

/** An append record's fields (the updates may be any views; they are copied in). */
type AppendFields = Omit<Extract<JournalRecord, { type: 'append' }>, 'type' | 'updates'> & { updates: readonly Uint8Array[] };

function varUintLength(value: number): number {
  let length = 1;
  for (let rest = value; rest > 0x7f; rest = Math.floor(rest / 128)) length++;
  return length;
}

/** lib0's varUint (7 bits a byte, low first, 0x80 = more follows) at `offset`; returns the end. */
function writeVarUintAt(out: Uint8Array, offset: number, value: number): number {
  let at = offset;
  let rest = value;
  while (rest > 0x7f) {
    out[at++] = 0x80 | (rest & 0x7f);
    rest = Math.floor(rest / 128);
  }
  out[at++] = rest;
  return at;
}

/** Docs whose append header (type, name, epoch) is kept encoded; the oldest goes beyond this. */
export const appendHeaderCacheSize = 1024;
const appendHeaders = new Map<string, { epoch: string; bytes: Uint8Array }>();

/**
 * [type][doc: varString][epoch: varString] of an append record, the same for every append of a doc
 * until its epoch changes. Kept encoded: measuring and writing the two strings went through four
 * calls into C++ per append, each a few µs on a cold CPU (docs/performance.md §14).
 */
function appendHeader(docName: string, epoch: string): Uint8Array {
  const cached = appendHeaders.get(docName);
  if (cached !== undefined && cached.epoch === epoch) return cached.bytes;
  const docBytes = Buffer.byteLength(docName, 'utf8');
  const epochBytes = Buffer.byteLength(epoch, 'utf8');
  const bytes = Buffer.alloc(1 + varUintLength(docBytes) + docBytes + varUintLength(epochBytes) + epochBytes);
  let offset = 0;
  bytes[offset++] = typeCodes.append;
  offset = writeVarUintAt(bytes, offset, docBytes);
  offset += bytes.write(docName, offset, docBytes, 'utf8');
  offset = writeVarUintAt(bytes, offset, epochBytes);
  bytes.write(epoch, offset, epochBytes, 'utf8');
  appendHeaders.delete(docName);
  appendHeaders.set(docName, { epoch, bytes });
  if (appendHeaders.size > appendHeaderCacheSize) {
    const oldest = appendHeaders.keys().next().value;
    if (oldest !== undefined) appendHeaders.delete(oldest);
  }
  return bytes;
}

/**
 * An append record, framed, in ONE allocation of its exact size, with a view of each update inside
 * it: the store keeps those views (until the checkpoint copies them into LevelDB) instead of copies
 * of its own. Encoding with a growing encoder, then framing, then copying the updates made four or
 * five buffers of an update's size per append, which a burst of 10 KB documents left as fragments
 * in the malloc heap.
 */
export function encodeAppendRecord(record: AppendFields): { bytes: Uint8Array; updates: Uint8Array[] } {
  // Sizes first, then every field written straight into the one buffer: no growing encoder and no
  // intermediate head buffer (this runs once per stored keystroke batch, before the relay).
  const header = appendHeader(record.docName, record.epoch);
  const titleBytes = record.title === undefined ? -1 : Buffer.byteLength(record.title, 'utf8');
  let bodyLength =
    header.length +
    varUintLength(record.createdAt) +
    varUintLength(record.updatedAt) +
    varUintLength(record.firstSeq) +
    1 +
    (titleBytes < 0 ? 0 : varUintLength(titleBytes) + titleBytes) +
    varUintLength(record.updates.length);
  for (const update of record.updates) bodyLength += varUintLength(update.length) + update.length;

  if (bodyLength > 0xffff_ffff) throw new RangeError(`journal record of ${bodyLength} bytes: the frame's length field holds at most 4 GiB`);
  const bytes = new Uint8Array(headerBytes + bodyLength);
  bytes.set(header, headerBytes);
  let offset = headerBytes + header.length;
  offset = writeVarUintAt(bytes, offset, record.createdAt);
  offset = writeVarUintAt(bytes, offset, record.updatedAt);
  offset = writeVarUintAt(bytes, offset, record.firstSeq);
  bytes[offset++] = titleBytes < 0 ? 0 : 1;
  if (record.title !== undefined) {
    offset = writeVarUintAt(bytes, offset, titleBytes);
    offset += Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).write(record.title, offset, titleBytes, 'utf8');
  }
  offset = writeVarUintAt(bytes, offset, record.updates.length);
  const updates: Uint8Array[] = [];
  for (const update of record.updates) {
    offset = writeVarUintAt(bytes, offset, update.length);
    bytes.set(update, offset);
    updates.push(bytes.subarray(offset, offset + update.length));
    offset += update.length;
  }
  writeFrameHeader(bytes, bodyLength);
  return { bytes, updates };
}

function writeUint32LeAt(out: Uint8Array, offset: number, value: number): void {
  out[offset] = value & 0xff;
  out[offset + 1] = (value >>> 8) & 0xff;
  out[offset + 2] = (value >>> 16) & 0xff;
  out[offset + 3] = value >>> 24;
}

export function encodeJournalRecord(record: JournalRecord): Uint8Array {
  if (record.type === 'append') return encodeAppendRecord(record).bytes;
  const encoder = encoding.createEncoder();
  encoding.writeUint8(encoder, typeCodes[record.type]);
  if (record.type === 'delete') {
    encoding.writeVarString(encoder, record.docName);
    encoding.writeVarString(encoder, record.epoch);
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
