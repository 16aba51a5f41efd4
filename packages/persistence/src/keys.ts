/**
 * LevelDB key layout (all keys are bytes; names are UTF-8; 0x00 separates parts, and
 * document names may not contain U+0000, so one doc's range never overlaps another's):
 *
 *   v1 00 'm' 00 <name>                   JSON metadata record of a document (see storedMeta.ts)
 *   v1 00 'u' 00 <name> 00 <seq: 8 bytes>  one stored Yjs update; seq is big-endian, so the
 *                                          updates of a doc sort in append order
 *   v1 00 'probe'                         written and deleted by checkWritable()
 *
 * The `v1` prefix versions the layout: a future layout uses `v2` and can migrate in place.
 */
const encoder = new TextEncoder();
const decoder = new TextDecoder('utf-8', { fatal: true });

const VERSION = 'v1';
const metaPrefix = encoder.encode(`${VERSION}\0m\0`);
const updatePrefix = encoder.encode(`${VERSION}\0u\0`);

export const probeKey: Uint8Array = encoder.encode(`${VERSION}\0probe`);

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
  const name = encoder.encode(docName);
  return {
    gte: concat(updatePrefix, name, Uint8Array.of(0)),
    lt:
      throughSeq === undefined
        ? concat(updatePrefix, name, Uint8Array.of(1))
        : concat(updatePrefix, name, Uint8Array.of(0), encodeSeq(throughSeq + 1)),
  };
}
