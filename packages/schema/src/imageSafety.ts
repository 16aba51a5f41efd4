/**
 * Which image addresses a Tandem document may hold: absolute http: and https: URLs only. No
 * `data:` (a document is no place for megabytes of base64), no `blob:` (meaningless to anyone
 * else), no `javascript:` or relative addresses.
 */
export const SAFE_IMAGE_PROTOCOLS: readonly string[] = ['http:', 'https:'];

/** True when `src` is an absolute http: or https: address. */
export function isSafeImageSrc(src: unknown): src is string {
  if (typeof src !== 'string' || !URL.canParse(src)) return false;
  return SAFE_IMAGE_PROTOCOLS.includes(new URL(src).protocol);
}

/** Pasted or typed text that is just the address of an image file (`…/photo.png?size=2`), or null. */
export function imageUrlInText(text: string): string | null {
  const candidate = text.trim();
  if (/\s/.test(candidate) || !isSafeImageSrc(candidate)) return null;
  return /\.(png|jpe?g|gif|webp|avif|svg)$/i.test(new URL(candidate).pathname) ? candidate : null;
}
