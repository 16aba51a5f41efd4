/**
 * The uploaded images a stored Yjs update refers to, found in its bytes. An image's address
 * (`…/api/uploads/<sha256>.<ext>`) is an attribute value of its element, which Yjs writes (v1 and
 * v2 alike) as one whole UTF-8 string inside the struct that set it; a merged or compacted update
 * carries that struct as it is, or drops it when its content was deleted and collected. So the
 * bytes of a document's stored batches name every image its current state and every version it
 * keeps can show. Text that merely spells an address out counts too: keeping an image for it is
 * the safe mistake.
 */

const PREFIX = Buffer.from('/api/uploads/', 'latin1');
const HASH_LENGTH = 64;
const EXTENSIONS = ['webp', 'png', 'jpg', 'gif'].map((extension) => Buffer.from(extension, 'latin1'));

const isHex = (byte: number) => (byte >= 0x30 && byte <= 0x39) || (byte >= 0x61 && byte <= 0x66);

/** The extension at `at` (after the dot), or null. */
function extensionAt(bytes: Buffer, at: number): string | null {
  for (const extension of EXTENSIONS) {
    if (at + extension.length <= bytes.length && bytes.compare(extension, 0, extension.length, at, at + extension.length) === 0) {
      return extension.toString('latin1');
    }
  }
  return null;
}

/** Adds to `into` the name (`<sha256>.<ext>`) of every upload address in `update`. */
export function findUploadNames(update: Uint8Array, into: Set<string>): void {
  const bytes = Buffer.from(update.buffer, update.byteOffset, update.byteLength);
  let at = bytes.indexOf(PREFIX);
  while (at !== -1) {
    const hashStart = at + PREFIX.length;
    const dot = hashStart + HASH_LENGTH;
    let hex = dot < bytes.length && bytes[dot] === 0x2e;
    for (let i = hashStart; hex && i < dot; i++) hex = isHex(bytes[i] as number);
    const extension = hex ? extensionAt(bytes, dot + 1) : null;
    if (extension !== null) into.add(`${bytes.toString('latin1', hashStart, dot)}.${extension}`);
    at = bytes.indexOf(PREFIX, hashStart);
  }
}
