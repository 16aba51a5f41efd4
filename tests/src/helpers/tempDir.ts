import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { registerTeardown } from './teardown.js';

/** A fresh temp directory, removed after the test (or file). */
export async function makeTempDir(prefix = 'tandem-test-'): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), prefix));
  registerTeardown(() => rm(dir, { recursive: true, force: true }));
  return dir;
}
