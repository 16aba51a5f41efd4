/** An image type the server accepts, named by what its bytes start with. */
export interface ImageType {
  mediaType: 'image/png' | 'image/jpeg' | 'image/gif' | 'image/webp';
  /** The stored file's and its address's extension. */
  extension: 'png' | 'jpg' | 'gif' | 'webp';
}

export const IMAGE_TYPES: readonly ImageType[] = [
  { mediaType: 'image/png', extension: 'png' },
  { mediaType: 'image/jpeg', extension: 'jpg' },
  { mediaType: 'image/gif', extension: 'gif' },
  { mediaType: 'image/webp', extension: 'webp' },
];

/** Enough of a file's start to tell its type. */
export const SNIFF_BYTES = 256;

const ascii = (bytes: Uint8Array, at: number, text: string) =>
  bytes.length >= at + text.length && [...text].every((char, i) => bytes[at + i] === char.charCodeAt(0));

const startsWith = (bytes: Uint8Array, signature: readonly number[]) =>
  bytes.length >= signature.length && signature.every((byte, i) => bytes[i] === byte);

/**
 * The type of an image from its first bytes (`SNIFF_BYTES` of them, or all of a smaller file), never
 * from its name or the type a browser claims: PNG, JPEG, GIF or WebP, else null. SVG is not among
 * them: it is a document that can carry scripts and links, not a picture.
 */
export function sniffImageType(head: Uint8Array): ImageType | null {
  const [png, jpeg, gif, webp] = IMAGE_TYPES as [ImageType, ImageType, ImageType, ImageType];
  if (startsWith(head, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return png;
  if (startsWith(head, [0xff, 0xd8, 0xff])) return jpeg;
  if (ascii(head, 0, 'GIF87a') || ascii(head, 0, 'GIF89a')) return gif;
  if (ascii(head, 0, 'RIFF') && ascii(head, 8, 'WEBP')) return webp;
  return null;
}

/** Text that looks like SVG (`<svg`, or an XML declaration), so a refusal can say why. */
export function looksLikeSvg(head: Uint8Array): boolean {
  const text = new TextDecoder()
    .decode(head)
    .replace(/^\uFEFF/, '')
    .trimStart()
    .toLowerCase();
  return text.startsWith('<svg') || text.startsWith('<?xml') || text.startsWith('<!doctype svg');
}
