#!/usr/bin/env node
// `npm run cluster`: three sync-server nodes on PostgreSQL and Redis behind HAProxy, and the editor,
// on this machine. Every node is started the same way (DATABASE_URL + REDIS_URL); HAProxy spreads
// connections over them with no stickiness. Stop one node (kill its pid) and watch its clients move.
// HAProxy is also the public origin, as the gateway is for `npm start`: on TANDEM_WEB_PORT (HOST)
// it serves the editor app, and the nodes under `/sync`.
//
// Settings (environment):
//   DATABASE_URL      PostgreSQL holding the documents (default postgres://postgres@127.0.0.1:5432/tandem,
//                     created if missing)
//   REDIS_URL         Redis carrying updates and presence between nodes (default redis://127.0.0.1:6379)
//   REDIS_PREFIX      channel prefix isolating this cluster on a shared Redis (default tandem)
//   TANDEM_SYNC_PORT  the load balancer's port for the nodes alone; the nodes listen on the next three (default 1234)
//   HOST, TANDEM_WEB_PORT, PUBLIC_URL, AUTH_SECRET, TANDEM_OPEN_MODE, TANDEM_DATA_DIR, ALLOWED_ORIGINS,
//   TRUSTED_PROXY_HOPS: as for `npm start` (scripts/startConfig.mjs)
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createRequire } from 'node:module';
import { haproxyConfig } from './haproxyConfig.mjs';
import { addressOf, authSetup, build, freePort, readConfig, reachLines, repoRoot, runTogether, say, webProcess } from './start.mjs';

const require = createRequire(join(repoRoot, 'packages/persistence/package.json'));
const nodeCount = 3;

/** Creates the database of `url` if it does not exist; throws a clear error if PostgreSQL does not answer. */
async function ensureDatabase(url) {
  const { Client } = require('pg');
  const tryConnect = async (connectionString) => {
    const client = new Client({ connectionString, connectionTimeoutMillis: 3000 });
    await client.connect();
    return client;
  };
  try {
    await (await tryConnect(url)).end();
    return;
  } catch (error) {
    if (error.code !== '3D000') throw new Error(`PostgreSQL does not answer at DATABASE_URL (${error.message})`);
  }
  const parsed = new URL(url);
  const name = decodeURIComponent(parsed.pathname.slice(1));
  parsed.pathname = '/postgres';
  const admin = await tryConnect(parsed.toString());
  try {
    await admin.query(`CREATE DATABASE "${name.replaceAll('"', '""')}"`);
    say('tandem', `created database ${name}`);
  } finally {
    await admin.end();
  }
}

async function main() {
  const config = readConfig();
  const haproxy = spawnSync('haproxy', ['-v'], { encoding: 'utf8' });
  if (haproxy.error !== undefined || haproxy.status !== 0) {
    throw new Error('HAProxy is not installed; `apt-get install -y haproxy` (Debian) or `brew install haproxy`, then run this again');
  }
  const databaseUrl = process.env.DATABASE_URL || 'postgres://postgres@127.0.0.1:5432/tandem';
  const redisUrl = process.env.REDIS_URL || 'redis://127.0.0.1:6379';
  await ensureDatabase(databaseUrl);
  build(['@tandem/sync-server...', '@tandem/editor...']);
  const auth = authSetup(config);
  say('tandem', auth.line);
  const address = addressOf(config);
  const nodes = Array.from({ length: nodeCount }, (_, i) => ({ name: `node-${i + 1}`, port: config.syncPort + i + 1 }));
  const webPort = await freePort();
  const haproxyFile = join(mkdtempSync(join(tmpdir(), 'tandem-haproxy-')), 'haproxy.cfg');
  writeFileSync(
    haproxyFile,
    haproxyConfig({
      port: config.syncPort,
      nodes,
      public: { host: config.host, port: config.webPort, web: { port: webPort }, trustedProxyHops: config.trustedProxyHops },
    }),
  );
  const nodeEnv = {
    ...auth.syncEnv,
    DATABASE_URL: databaseUrl,
    REDIS_URL: redisUrl,
    ALLOWED_ORIGINS: address.allowedOrigins,
    TRUSTED_PROXY_HOPS: String(config.trustedProxyHops + 1),
  };
  const listening = new Set();
  const code = await runTogether(
    [
      ...nodes.map((node) => ({
        name: node.name,
        command: process.execPath,
        args: [
          resolve(repoRoot, 'apps/sync-server/dist/cli.js'),
          '--host',
          '127.0.0.1',
          '--port',
          String(node.port),
          '--node-id',
          node.name,
        ],
        cwd: repoRoot,
        env: nodeEnv,
      })),
      { name: 'haproxy', command: 'haproxy', args: ['-db', '-f', haproxyFile], cwd: repoRoot, env: {} },
      webProcess(config, auth, address, webPort),
    ],
    {
      onLine: (name, line) => {
        if (line.includes('"msg":"listening"') || /Ready in/.test(line)) listening.add(name);
        if (listening.size === nodeCount + 1 && !listening.has('announced')) {
          listening.add('announced');
          say(
            'tandem',
            `Tandem cluster is running: open http://localhost:${config.webPort} (HAProxy: the app, and ${nodes.map((n) => `${n.name} :${n.port}`).join(', ')} under /sync; the nodes alone on :${config.syncPort}). Ctrl-C stops it.`,
          );
          for (const reach of reachLines(config, address)) say('tandem', reach);
        }
      },
    },
  );
  process.exit(code);
}

main().catch((error) => {
  say('tandem', `cannot start the cluster: ${error.message}`);
  process.exit(1);
});
