/**
 * The demo's token signing secret: `AUTH_SECRET`, the same value the sync server verifies HS256
 * tokens with. Unset = open mode (no tokens, every document editable by everyone, like the sync
 * server without a key). Read on the server only, at request time; never sent to the browser.
 */
export const AUTH_SECRET_ENV = 'AUTH_SECRET';
export const MIN_SECRET_BYTES = 32;

export class AuthSecretError extends Error {
  override name = 'AuthSecretError';
}

/** The secret, or null in open mode. An empty or short value is an error naming the variable. */
export function readAuthSecret(env: Readonly<Record<string, string | undefined>>): string | null {
  const value = env[AUTH_SECRET_ENV];
  if (value === undefined) return null;
  if (value.trim() === '') throw new AuthSecretError(`${AUTH_SECRET_ENV} is set but empty; unset it for open mode or give a secret`);
  const bytes = new TextEncoder().encode(value).byteLength;
  if (bytes < MIN_SECRET_BYTES) {
    throw new AuthSecretError(
      `${AUTH_SECRET_ENV} must be at least ${MIN_SECRET_BYTES} bytes (got ${bytes}); generate one with \`openssl rand -base64 48\``,
    );
  }
  return value;
}
