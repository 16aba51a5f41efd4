import { createHmac, randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * The secret that signs session cookies and encrypts what better-auth keeps encrypted:
 * SESSION_SECRET; else derived from AUTH_SECRET (a key of its own, so a session can never be
 * confused with a sync token); else (open mode) kept in `<dataDir>/.session-secret`, generated
 * on the first start. Several app servers behind one address need SESSION_SECRET or AUTH_SECRET.
 */
export function resolveSessionSecret(options: { sessionSecret: string | null; authSecret: string | null; dataDir: string }): {
  secret: string;
  source: string;
} {
  if (options.sessionSecret !== null) return { secret: options.sessionSecret, source: 'SESSION_SECRET' };
  if (options.authSecret !== null) {
    const secret = createHmac('sha256', options.authSecret).update('tandem sessions v1').digest('base64url');
    return { secret, source: 'derived from AUTH_SECRET' };
  }
  const file = join(options.dataDir, '.session-secret');
  try {
    const secret = readFileSync(file, 'utf8').trim();
    if (secret.length >= 32) return { secret, source: file };
    throw new Error(`${file} holds fewer than 32 characters; delete it to generate a new one`);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  mkdirSync(options.dataDir, { recursive: true });
  const secret = randomBytes(48).toString('base64url');
  try {
    writeFileSync(file, `${secret}\n`, { mode: 0o600, flag: 'wx' });
  } catch (error) {
    // Another process wrote it first: use theirs.
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return { secret: readFileSync(file, 'utf8').trim(), source: file };
    throw error;
  }
  return { secret, source: `${file} (generated now)` };
}
