import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';

/** Seals text into an opaque, tamper-proof, URL-safe token, and opens such tokens. */
export interface CursorSeal {
  seal(text: string): string;
  /** The sealed text, or null for anything this seal did not make (forged, altered, another process's). */
  open(token: string): string | null;
}

const ivBytes = 12;
const tagBytes = 16;

/**
 * AES-256-GCM under a key made for this seal (by default random, so a token is only valid in the
 * process that made it; a cluster passes the key its nodes share, read when used): the holder can
 * neither read what is inside nor make up a valid token.
 */
export function createCursorSeal(key: Uint8Array | (() => Uint8Array) = randomBytes(32)): CursorSeal {
  const current = typeof key === 'function' ? key : () => key;
  return {
    seal: (text) => {
      const iv = randomBytes(ivBytes);
      const cipher = createCipheriv('aes-256-gcm', current(), iv);
      const sealed = Buffer.concat([cipher.update(text, 'utf8'), cipher.final()]);
      return Buffer.concat([iv, cipher.getAuthTag(), sealed]).toString('base64url');
    },
    open: (token) => {
      const bytes = Buffer.from(token, 'base64url');
      if (bytes.length < ivBytes + tagBytes || bytes.toString('base64url') !== token) return null;
      const decipher = createDecipheriv('aes-256-gcm', current(), bytes.subarray(0, ivBytes));
      decipher.setAuthTag(bytes.subarray(ivBytes, ivBytes + tagBytes));
      try {
        return Buffer.concat([decipher.update(bytes.subarray(ivBytes + tagBytes)), decipher.final()]).toString('utf8');
      } catch {
        // The authentication tag does not match: not one of ours.
        return null;
      }
    },
  };
}
