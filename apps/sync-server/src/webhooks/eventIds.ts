import { createHash, randomBytes } from 'node:crypto';

/** A fresh event id (the `webhook-id` header): `evt_` and 26 random base32 characters. */
export function randomEventId(): string {
  return `evt_${base32(randomBytes(17)).slice(0, 26)}`;
}

/**
 * The same id wherever the same event is seen: several nodes reporting one version, or purging
 * one deleted document, add it once (the outbox skips an event an endpoint already has).
 */
export function derivedEventId(...parts: (string | number | null)[]): string {
  return `evt_${base32(createHash('sha256').update(JSON.stringify(parts)).digest()).slice(0, 26)}`;
}

const alphabet = 'abcdefghijklmnopqrstuvwxyz234567';

function base32(bytes: Uint8Array): string {
  let out = '';
  let bits = 0;
  let value = 0;
  for (const byte of bytes) {
    value = (value << 8) | byte;
    bits += 8;
    while (bits >= 5) {
      out += alphabet[(value >>> (bits - 5)) & 31];
      bits -= 5;
    }
  }
  return out;
}
