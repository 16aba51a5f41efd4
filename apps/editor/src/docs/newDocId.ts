const alphabet = 'abcdefghijkmnopqrstuvwxyz23456789';

/** A fresh, unguessable, URL-safe document id such as `k7tq3hx9mw2p` (valid per the doc-name rules). */
export function newDocId(length = 12): string {
  const bytes = crypto.getRandomValues(new Uint8Array(length));
  return Array.from(bytes, (byte) => alphabet[byte % alphabet.length]).join('');
}
