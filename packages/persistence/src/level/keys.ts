/**
 * LevelDB key layout (all keys are bytes; names are UTF-8; 0x00 separates parts, and
 * document names may not contain U+0000, so one doc's range never overlaps another's):
 *
 *   v1 00 'm' 00 <name>                   JSON metadata record of a document (see storedMeta.ts)
 *   v1 00 'u' 00 <name> 00 <seq: 8 bytes>  one stored Yjs update; seq is big-endian, so the
 *                                          updates of a doc sort in append order
 *   v1 00 'b' 00 <name> 00 <seq: 8 bytes>  one appended batch (see storedBatch.ts): the seq of its
 *                                          first update, its last, its authors and time
 *   v1 00 'v' 00 <name> 00 <seq: 8 bytes>  one version (see storedVersion.ts), keyed by its PUBLIC seq
 *                                          (update and batch keys hold internal seqs, one lower)
 *   v1 00 'i' 00 <name> 00 <seq: 8 bytes>  one page of the doc's version index (see versionIndex.ts): its
 *                                          versions from that public seq (0 for the first page) to the next page's
 *                                          seq, all of a version record's fields, so a list reads a few pages
 *   v1 00 'o' 00 <kind> 00 <id or name>  the outbox (see levelOutbox.ts): 'e' entry and 'a' attempt by id
 *                                          (8 bytes), 'c' cursor and 'h' endpoint health by name
 *   v1 00 'probe'                         written and deleted by checkWritable()
 *   v1 00 'format'                        format of the values (see storeFormat.ts); absent before values were sealed
 *
 * The `v1` prefix versions the layout: a future layout uses `v2` and can migrate in place.
 */
const encoder = new TextEncoder();
const decoder = new TextDecoder('utf-8', { fatal: true });

const VERSION = 'v1';
const metaPrefix = encoder.encode(`${VERSION}\0m\0`);
const updatePrefix = encoder.encode(`${VERSION}\0u\0`);
const batchPrefix = encoder.encode(`${VERSION}\0b\0`);
const versionPrefix = encoder.encode(`${VERSION}\0v\0`);
const versionIndexPrefix = encoder.encode(`${VERSION}\0i\0`);

const outboxPrefix = encoder.encode(`${VERSION}\0o\0`);

/** The kinds of outbox records. */
export type OutboxRecordKind = 'e' | 'a' | 'c' | 'h';

/** Key of an outbox record: an entry or attempt by id, a cursor or endpoint health by name. */
export function outboxKey(kind: OutboxRecordKind, idOrName: number | string): Uint8Array {
  const tail = typeof idOrName === 'number' ? encodeSeq(idOrName) : encoder.encode(idOrName);
  return concat(outboxPrefix, encoder.encode(kind), Uint8Array.of(0), tail);
}

/** Range covering every outbox record. */
export const outboxRange = {
  gte: outboxPrefix,
  lt: concat(outboxPrefix.subarray(0, outboxPrefix.length - 1), Uint8Array.of(1)),
};

/** The kind of an outbox record's key, and its id or name. */
export function parseOutboxKey(key: Uint8Array): { kind: string; id: number; name: string } {
  const kind = String.fromCharCode(key[outboxPrefix.length] ?? 0);
  const tail = key.subarray(outboxPrefix.length + 2);
  return { kind, id: kind === 'e' || kind === 'a' ? seqOfKey(key) : 0, name: kind === 'c' || kind === 'h' ? decoder.decode(tail) : '' };
}

export const probeKey: Uint8Array = encoder.encode(`${VERSION}\0probe`);
export const formatKey: Uint8Array = encoder.encode(`${VERSION}\0format`);

function concat(...parts: Uint8Array[]): Uint8Array {
  let length = 0;
  for (const part of parts) length += part.length;
  const out = new Uint8Array(length);
  let offset = 0;
  for (const part of parts) {
    out.set(part, offset);
    offset += part.length;
  }
  return out;
}

function encodeSeq(seq: number): Uint8Array {
  if (!Number.isSafeInteger(seq) || seq < 0) throw new RangeError(`invalid update sequence ${seq}`);
  const out = new Uint8Array(8);
  const view = new DataView(out.buffer);
  view.setUint32(0, Math.floor(seq / 2 ** 32));
  view.setUint32(4, seq >>> 0);
  return out;
}

export function metaKey(docName: string): Uint8Array {
  return concat(metaPrefix, encoder.encode(docName));
}

/** Range covering every metadata key (for `list`). */
export const metaRange = {
  gte: metaPrefix,
  lt: concat(metaPrefix.subarray(0, metaPrefix.length - 1), Uint8Array.of(1)),
};

export function docNameFromMetaKey(key: Uint8Array): string {
  return decoder.decode(key.subarray(metaPrefix.length));
}

export function updateKey(docName: string, seq: number): Uint8Array {
  return concat(updatePrefix, encoder.encode(docName), Uint8Array.of(0), encodeSeq(seq));
}

/** Range covering the update keys of one document with seq <= `throughSeq` (all of them if omitted). */
export function updateRange(docName: string, throughSeq?: number): { gte: Uint8Array; lt: Uint8Array } {
  return seqRange(updatePrefix, docName, 0, throughSeq);
}

/** Range covering the update keys of one document with `fromSeq <= seq`. */
export function updateRangeFrom(docName: string, fromSeq: number): { gte: Uint8Array; lt: Uint8Array } {
  return seqRange(updatePrefix, docName, fromSeq);
}

/** Key of the batch record of the batch whose first update has `firstSeq`. */
export function batchKey(docName: string, firstSeq: number): Uint8Array {
  return concat(batchPrefix, encoder.encode(docName), Uint8Array.of(0), encodeSeq(firstSeq));
}

/** Range covering the batch records of one document whose first seq is <= `throughSeq` (all if omitted). */
export function batchRange(docName: string, throughSeq?: number): { gte: Uint8Array; lt: Uint8Array } {
  return seqRange(batchPrefix, docName, 0, throughSeq);
}

/** Key of the version at public seq `seq`. */
export function versionKey(docName: string, seq: number): Uint8Array {
  return concat(versionPrefix, encoder.encode(docName), Uint8Array.of(0), encodeSeq(seq));
}

/** Range covering the version keys of one document with `fromSeq <= seq <= throughSeq` (all of them by default). */
export function versionRange(docName: string, fromSeq = 0, throughSeq?: number): { gte: Uint8Array; lt: Uint8Array } {
  return seqRange(versionPrefix, docName, fromSeq, throughSeq);
}

/** Key of the version index page that starts at public seq `seq` (0 for a doc's first page). */
export function versionIndexKey(docName: string, seq: number): Uint8Array {
  return concat(versionIndexPrefix, encoder.encode(docName), Uint8Array.of(0), encodeSeq(seq));
}

/** Range covering the version index pages of one document that start at a seq <= `throughSeq` (all of them by default). */
export function versionIndexRange(docName: string, throughSeq?: number): { gte: Uint8Array; lt: Uint8Array } {
  return seqRange(versionIndexPrefix, docName, 0, throughSeq);
}

/** The seq at the end of an update, batch, version or version index key. */
export function seqOfKey(key: Uint8Array): number {
  const view = new DataView(key.buffer, key.byteOffset + key.length - 8, 8);
  return view.getUint32(0) * 2 ** 32 + view.getUint32(4);
}

function seqRange(prefix: Uint8Array, docName: string, fromSeq: number, throughSeq?: number): { gte: Uint8Array; lt: Uint8Array } {
  const name = encoder.encode(docName);
  return {
    gte: fromSeq === 0 ? concat(prefix, name, Uint8Array.of(0)) : concat(prefix, name, Uint8Array.of(0), encodeSeq(fromSeq)),
    lt:
      throughSeq === undefined ? concat(prefix, name, Uint8Array.of(1)) : concat(prefix, name, Uint8Array.of(0), encodeSeq(throughSeq + 1)),
  };
}
