import { spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { createServer, get } from 'node:http';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { haproxyConfig } from '../../scripts/haproxyConfig.mjs';
import {
  type Client,
  connectClient,
  fileDatabase,
  makeTempDir,
  postgresAvailable,
  redisUrl,
  registerTeardown,
  type ServerProcess,
  startProcessCluster,
  systemService,
  systemTool,
  waitFor,
} from '../src/helpers/index.js';
import { freePort } from '../../packages/persistence/test/ownPostgres.js';

// End to end through the real load balancer `npm run cluster` uses, with its generated configuration.
const hasParts =
  systemTool('haproxy', 'the cluster test through HAProxy', ['-v']) &&
  (await postgresAvailable('the cluster test through HAProxy')) &&
  (await systemService('Redis', 6379, 'the cluster test through HAProxy'));

const database = fileDatabase(hasParts);

/** The editor app's stand-in behind HAProxy's public frontend: says which path reached it. */
async function startWebApp(): Promise<number> {
  const server = createServer((req, res) => res.end(`app: ${req.url}`));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  registerTeardown(() => new Promise<void>((resolve) => server.close(() => resolve())));
  return (server.address() as { port: number }).port;
}

/** HAProxy with `npm run cluster`'s configuration: the nodes alone, and the public origin (the app, and the nodes under /sync). */
async function startHaproxy(nodes: ServerProcess[]): Promise<{ direct: string; publicOrigin: string }> {
  const [port, publicPort, webPort] = [await freePort(), await freePort(), await startWebApp()];
  const file = join(await makeTempDir('tandem-haproxy-'), 'haproxy.cfg');
  writeFileSync(
    file,
    haproxyConfig({
      port,
      nodes: nodes.map((node, i) => ({ name: `node-${i}`, port: node.port })),
      checkIntervalMs: 300,
      public: { host: '127.0.0.1', port: publicPort, web: { port: webPort } },
    }),
  );
  const child = spawn('haproxy', ['-db', '-f', file], { stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stderr?.on('data', (chunk: Buffer) => {
    output += chunk.toString();
  });
  registerTeardown(async () => {
    if (child.exitCode !== null) return;
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGKILL');
    await exited;
  });
  await waitFor(
    async () => {
      if (child.exitCode !== null) throw new Error(`haproxy exited: ${output}`);
      return (await fetch(`http://127.0.0.1:${port}/healthz`).catch(() => null))?.status === 200;
    },
    { timeout: 10_000, message: 'haproxy answering' },
  );
  return { direct: `ws://127.0.0.1:${port}`, publicOrigin: `http://127.0.0.1:${publicPort}` };
}

const openedOn = (node: ServerProcess) => node.logs.filter((line) => line.msg === 'connection opened').length;

describe.skipIf(!hasParts)('a three-node cluster behind HAProxy (no stickiness)', () => {
  it('stock providers connect through it to different nodes, co-edit, survive the death of a node and converge', {
    timeout: 60_000,
  }, async () => {
    const cluster = await startProcessCluster(3, { databaseUrl: database().url, redisUrl, env: { TRUSTED_PROXY_HOPS: '1' } });
    const nodes = cluster.nodes as ServerProcess[];
    const { direct, publicOrigin } = await startHaproxy(nodes);
    // Half through the nodes' own frontend, half through the public origin's /sync.
    const clients: Client[] = [];
    for (let i = 0; i < 6; i++)
      clients.push(connectClient(i % 2 === 0 ? direct : `${publicOrigin.replace('http', 'ws')}/sync`, 'balanced'));
    await Promise.all(clients.map((client) => client.synced()));
    // Round robin spread them: every node holds some.
    await waitFor(() => nodes.every((node) => openedOn(node) > 0), { message: 'connections on every node' });
    // The public origin: the app, the API under /sync without the prefix, the nodes' probes not exposed.
    expect(await (await fetch(`${publicOrigin}/d/balanced?x=1`)).text()).toBe('app: /d/balanced?x=1');
    expect((await fetch(`${publicOrigin}/sync/api/docs`)).status).toBe(200);
    expect((await fetch(`${publicOrigin}/sync/metrics`)).status).toBe(404);
    // A dot segment, sent as it is (fetch would resolve it), is refused before a node would resolve it.
    const dotted = await new Promise<number>((resolve, reject) =>
      get({ host: '127.0.0.1', port: new URL(publicOrigin).port, path: '/sync/api/%2e%2e/metrics' }, (res) =>
        resolve(res.resume().statusCode ?? 0),
      ).on('error', reject),
    );
    expect(dotted).toBe(400);

    const words: string[] = [];
    const type = (label: string) => {
      for (const [i, client] of clients.entries()) {
        const word = `${label}${i};`;
        words.push(word);
        client.doc.getText('t').insert(client.doc.getText('t').length, word);
      }
    };
    type('a');
    const everywhere = () => clients.every((client) => words.every((word) => client.doc.getText('t').toString().includes(word)));
    await waitFor(everywhere, { message: 'first round everywhere' });

    (nodes[0] as ServerProcess).kill('SIGKILL');
    type('b');
    await waitFor(everywhere, {
      timeout: 20_000,
      message: "every edit everywhere after a node's death (its clients came back through HAProxy)",
    });
    const text = (clients[0] as Client).doc.getText('t').toString();
    for (const client of clients) expect(client.doc.getText('t').toString()).toBe(text);
    const stored = await cluster.stored('balanced');
    expect(stored.getText('t').toString()).toBe(text);
  });
});
