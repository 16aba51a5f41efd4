import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * The names that make a data directory's data findable in the shared services: a PostgreSQL schema
 * and a Redis prefix, made up the first time and kept in `<dataDir>/deployment.json`, so a restart
 * on the same data dir (kill -9 and restart, a node brought back) finds the same documents.
 * @param {string} dataDir
 * @returns {{ schema: string, prefix: string }}
 */
export function deploymentIdentity(dataDir) {
  const file = join(dataDir, 'deployment.json');
  if (existsSync(file)) return JSON.parse(readFileSync(file, 'utf8'));
  const id = randomBytes(5).toString('hex');
  const identity = { schema: `bench_${id}`, prefix: `tandem-bench-${id}` };
  writeFileSync(file, `${JSON.stringify(identity)}\n`);
  return identity;
}
