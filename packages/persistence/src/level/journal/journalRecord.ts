import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import { crc32 } from 'node:zlib';

/**
 * Journal records. Every record is framed as
 *
 *   [bodyLength: u32 LE] [crc32(body): u32 LE] [body]
 *
 * and the body is [type: u8] followed by
 *
 *   append (4)  [doc: varString] [epoch: varString] [createdAt: varUint] [updatedAt: varUint]
 *               [firstSeq: varUint] [hasTitle: u8] ([title: varString]) [hasAuthor: u8] ([author: varString])
 *               [count: varUint] [update: varBytes]*
 *   append (1)  the same without the author fields (journals written before authors were stored)
 *   delete (2)  [doc: varString] [epoch: varString]     (forget the journal's earlier appends of that epoch)
 *   probe  (3)  (nothing; written by checkWritable, ignored on replay)
 *
 * A frame that is cut short or fails its checksum is damage (a write torn by a power cut, flipped
 * bits): reading resumes at the next intact frame, and the reader reports the damaged stretch.
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
      author?: string | undefined;
      updates: Uint8Array[];
    }
  | { type: 'delete'; docName: string; epoch: string }
  | { type: 'probe' };

const typeCodes = { appendWithoutAuthor: 1, delete: 2, probe: 3, append: 4 } as const;
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

/** [type][doc: varString][epoch: varString] of an append record. */
function appendHeader(docName: string, epoch: string): Uint8Array {
  const docBytes = Buffer.byteLength(docName, 'utf8');
  const epochBytes = Buffer.byteLength(epoch, 'utf8');
  const bytes = Buffer.alloc(1 + varUintLength(docBytes) + docBytes + varUintLength(epochBytes) + epochBytes);
  let offset = 0;
  bytes[offset++] = typeCodes.append;
  offset = writeVarUintAt(bytes, offset, docBytes);
  offset += bytes.write(docName, offset, docBytes, 'utf8');
  offset = writeVarUintAt(bytes, offset, epochBytes);
  bytes.write(epoch, offset, epochBytes, 'utf8');
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
  const authorBytes = record.author === undefined ? -1 : Buffer.byteLength(record.author, 'utf8');
  let bodyLength =
    header.length +
    varUintLength(record.createdAt) +
    varUintLength(record.updatedAt) +
    varUintLength(record.firstSeq) +
    1 +
    (titleBytes < 0 ? 0 : varUintLength(titleBytes) + titleBytes) +
    1 +
    (authorBytes < 0 ? 0 : varUintLength(authorBytes) + authorBytes) +
    varUintLength(record.updates.length);
  for (const update of record.updates) bodyLength += varUintLength(update.length) + update.length;

  if (bodyLength > 0xffff_ffff) throw new RangeError(`journal record of ${bodyLength} bytes: the frame's length field holds at most 4 GiB`);
  const bytes = new Uint8Array(headerBytes + bodyLength);
  bytes.set(header, headerBytes);
  let offset = headerBytes + header.length;
  offset = writeVarUintAt(bytes, offset, record.createdAt);
  offset = writeVarUintAt(bytes, offset, record.updatedAt);
  offset = writeVarUintAt(bytes, offset, record.firstSeq);
  const text = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  bytes[offset++] = titleBytes < 0 ? 0 : 1;
  if (record.title !== undefined) {
    offset = writeVarUintAt(bytes, offset, titleBytes);
    offset += text.write(record.title, offset, titleBytes, 'utf8');
  }
  bytes[offset++] = authorBytes < 0 ? 0 : 1;
  if (record.author !== undefined) {
    offset = writeVarUintAt(bytes, offset, authorBytes);
    offset += text.write(record.author, offset, authorBytes, 'utf8');
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
    case typeCodes.append:
    case typeCodes.appendWithoutAuthor: {
      const docName = decoding.readVarString(decoder);
      const epoch = decoding.readVarString(decoder);
      const createdAt = decoding.readVarUint(decoder);
      const updatedAt = decoding.readVarUint(decoder);
      const firstSeq = decoding.readVarUint(decoder);
      const title = decoding.readUint8(decoder) === 1 ? decoding.readVarString(decoder) : undefined;
      const author = type === typeCodes.append && decoding.readUint8(decoder) === 1 ? decoding.readVarString(decoder) : undefined;
      const count = decoding.readVarUint(decoder);
      const updates: Uint8Array[] = [];
      for (let i = 0; i < count; i++) updates.push(decoding.readVarUint8Array(decoder));
      return { type: 'append', docName, epoch, createdAt, updatedAt, firstSeq, title, author, updates };
    }
    case typeCodes.delete:
      return { type: 'delete', docName: decoding.readVarString(decoder), epoch: decoding.readVarString(decoder) };
    case typeCodes.probe:
      return { type: 'probe' };
    default:
      throw new Error(`unknown journal record type ${type}`);
  }
}

/** A stretch of a journal file that holds no readable record (a torn write, flipped bits). */
export interface JournalDamage {
  offset: number;
  bytes: number;
  /** The doc the first damaged frame was about, if its header can still be read (best effort). */
  docName: string | null;
  /** The file ends inside this frame: a write cut short (by a power cut, say), not damaged bytes. */
  tail: boolean;
}

/**
 * Every intact record of one journal file, in order, and the stretches that hold none. After a frame
 * that is cut short or fails its checksum, reading resumes at the next offset where a whole frame
 * passes its checksum and decodes, so one damaged record costs only itself.
 */
export function decodeJournal(bytes: Uint8Array): { records: JournalRecord[]; damage: JournalDamage[] } {
  const records: JournalRecord[] = [];
  const damage: JournalDamage[] = [];
  let offset = 0;
  while (offset < bytes.length) {
    const record = frameAt(bytes, offset);
    if (record !== null) {
      records.push(record.record);
      offset = record.end;
      continue;
    }
    let next = offset + 1;
    while (next < bytes.length && frameAt(bytes, next) === null) next++;
    const declared = bytes.length - offset >= headerBytes ? new DataView(bytes.buffer, bytes.byteOffset + offset, 4).getUint32(0, true) : 0;
    const tail = next === bytes.length && offset + headerBytes + declared > bytes.length;
    damage.push({ offset, bytes: next - offset, docName: docNameOfDamagedFrame(bytes, offset), tail });
    offset = next;
  }
  return { records, damage };
}

/** The record framed at `offset` and where it ends, or null if there is no intact frame there. */
function frameAt(bytes: Uint8Array, offset: number): { record: JournalRecord; end: number } | null {
  if (bytes.length - offset < headerBytes + 1) return null;
  // Cheap tests first: resynchronising after damage tries every offset.
  const type = bytes[offset + headerBytes] as number;
  if (type < typeCodes.appendWithoutAuthor || type > typeCodes.append) return null;
  const view = new DataView(bytes.buffer, bytes.byteOffset + offset, headerBytes);
  const length = view.getUint32(0, true);
  const start = offset + headerBytes;
  if (length === 0 || bytes.length - start < length) return null;
  const body = bytes.subarray(start, start + length);
  if (crc32(body) !== view.getUint32(4, true)) return null;
  try {
    return { record: decodeBody(body), end: start + length };
  } catch {
    return null;
  }
}

/** Reads the doc name of a damaged append or delete frame, ignoring its checksum; null if unreadable. */
function docNameOfDamagedFrame(bytes: Uint8Array, offset: number): string | null {
  const body = bytes.subarray(offset + headerBytes);
  if (body[0] !== typeCodes.append && body[0] !== typeCodes.appendWithoutAuthor && body[0] !== typeCodes.delete) return null;
  try {
    const decoder = decoding.createDecoder(body.subarray(1));
    const name = decoding.readVarString(decoder);
    return name.length > 0 && name.length <= 1000 && !name.includes('\0') && !name.includes('\uFFFD') ? name : null;
  } catch {
    return null;
  }
}
