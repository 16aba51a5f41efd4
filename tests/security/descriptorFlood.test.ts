import { request } from 'node:http';
import { connect, type Socket } from 'node:net';
import { describe, expect, it } from 'vitest';
import {
  connectClient,
  metricSample,
  registerTeardown,
  type ServerProcess,
  scrapeMetrics,
  spawnServerProcess,
  systemTool,
  waitFor,
} from '../src/helpers/index.js';

const hasPrlimit = systemTool('prlimit', 'the file-descriptor flood tests (tests/security/descriptorFlood.test.ts)');

/**
 * 1,024 descriptors (a common default soft limit, and the one the crash was found under): the server
 * may hold 768 sockets (a quarter stays free for the store and the process, which opens a few hundred
 * module files at once while it starts).
 */
const descriptorLimit = 1024;
const maxSockets = (descriptorLimit * 3) / 4;
const floodSize = 1100;

interface Flood {
  /** The status line of each answer the server sent (429 refused, 408 headers timeout). */
  statuses: string[];
  closed: () => number;
  stop: () => void;
}

/**
 * Opens `count` sockets, spread over the loopback addresses `from`, each sending a request line and
 * one header but never the blank line that ends the headers: a half-open request the server has to
 * hold until it times out.
 */
function halfOpenFlood(port: number, from: string[], count: number): Flood {
  const sockets: Socket[] = [];
  const statuses: string[] = [];
  let closed = 0;
  for (let i = 0; i < count; i++) {
    const socket = connect({ port, host: '127.0.0.1', localAddress: from[i % from.length] });
    socket.on('error', () => {});
    socket.once('data', (chunk: Buffer) => statuses.push(chunk.toString('latin1').split('\r\n')[0] as string));
    socket.on('close', () => {
      closed += 1;
    });
    socket.on('connect', () => socket.write('GET /api/docs HTTP/1.1\r\nHost: tandem\r\n'));
    sockets.push(socket);
  }
  const stop = () => {
    for (const socket of sockets) socket.destroy();
  };
  registerTeardown(stop);
  return { statuses, closed: () => closed, stop };
}

/** GET `path` from a given local address (fetch cannot choose one). */
function getFrom(localAddress: string, port: number, path: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path, localAddress, agent: false }, (res) => {
      res.resume();
      resolve(res.statusCode ?? 0);
    });
    req.on('error', reject);
    req.end();
  });
}

const startLimited = () =>
  spawnServerProcess({
    wrapper: ['prlimit', `--nofile=${descriptorLimit}:${descriptorLimit}`, '--'],
    // The idle memory release stays on (1 s, as by default): its timer read RSS and threw EMFILE.
    // 128 sockets per address, below the 768 the descriptors allow, so one address meets its own limit first.
    env: {
      HTTP_HEADERS_TIMEOUT_MS: '2000',
      HTTP_REQUEST_TIMEOUT_MS: '2000',
      MEMORY_RELEASE_IDLE_MS: '1000',
      MAX_CONNECTIONS_PER_IP: '128',
      MAX_HTTP_SOCKETS_PER_IP: '128',
    },
  });

function expectAlive(server: ServerProcess): void {
  expect({ exitCode: server.child.exitCode, signal: server.child.signalCode, stderr: server.stderr() }).toEqual({
    exitCode: null,
    signal: null,
    stderr: '',
  });
}

/** Two clients of `doc` from 127.0.0.1 sync an edit. */
async function editTogether(server: ServerProcess, doc: string, text: string): Promise<void> {
  const a = connectClient(server.wsUrl, doc);
  const b = connectClient(server.wsUrl, doc);
  await Promise.all([a.synced(10_000), b.synced(10_000)]);
  a.doc.getText('text').insert(0, text);
  await waitFor(() => b.doc.getText('text').toString() === text, { timeout: 10_000, message: `"${text}" relayed` });
  a.destroy();
  b.destroy();
}

describe.skipIf(!hasPrlimit)(`half-open HTTP requests under a ${descriptorLimit}-descriptor limit (the CLI in a child process)`, () => {
  it(`${floodSize} from one address: past maxHttpSocketsPerIp (128) refused with 429, logged and counted; the rest time out; the server stays up and serves others`, {
    timeout: 60_000,
  }, async () => {
    const server = await startLimited();
    const flood = halfOpenFlood(server.port, ['127.0.0.2'], floodSize);
    await waitFor(() => flood.statuses.filter((status) => status.startsWith('HTTP/1.1 429')).length === floodSize - 128, {
      timeout: 20_000,
      message: `${floodSize - 128} sockets refused with 429`,
    });
    // During the flood another address edits as usual.
    await editTogether(server, 'during-flood', 'other addresses keep editing');
    const text = await scrapeMetrics(server.httpUrl);
    expect(metricSample(text, 'tandem_http_sockets_refused_total', { reason: 'per_address' })).toBe(floodSize - 128);
    const refused = server.logs.filter((line) => line.msg === 'socket refused: maxHttpSocketsPerIp reached');
    expect(refused.length).toBeGreaterThanOrEqual(1);
    // One line per interval, not one per socket.
    expect(refused.length).toBeLessThan(5);
    expect(refused[0]).toMatchObject({ level: 40, ip: '127.0.0.2', max: 128 });

    // The 128 held ones are closed with 408 once their headers are overdue (2 s here).
    await waitFor(() => flood.closed() === floodSize, { timeout: 20_000, message: 'every flood socket closed by the server' });
    expect(flood.statuses.filter((status) => status.startsWith('HTTP/1.1 408'))).toHaveLength(128);
    expectAlive(server);
    expect(server.logs.filter((line) => Number(line.level) >= 50)).toEqual([]);

    // The flooding address itself is served again, and editing goes on.
    // (The server counts a socket out on its own 'close', which can trail the client's on a loaded machine.)
    await waitFor(async () => (await getFrom('127.0.0.2', server.port, '/healthz')) === 200, {
      timeout: 10_000,
      message: 'the flooding address served again',
    });
    await editTogether(server, 'after-flood', 'and after it');
    expectAlive(server);
  });

  it(`${floodSize} from ten addresses, more than the descriptors: the sockets past the budget are closed at once, logged and counted; the server recovers`, {
    timeout: 60_000,
  }, async () => {
    const server = await startLimited();
    const addresses = Array.from({ length: 10 }, (_, i) => `127.0.0.${i + 2}`);
    const flood = halfOpenFlood(server.port, addresses, floodSize);
    await waitFor(() => flood.closed() === floodSize, { timeout: 30_000, message: 'every flood socket closed by the server' });
    // Under the budget: held until the headers timeout (408); past it: closed at once, unanswered.
    const timedOut = flood.statuses.filter((status) => status.startsWith('HTTP/1.1 408')).length;
    expect(timedOut).toBeGreaterThan(100);
    expect(timedOut).toBeLessThanOrEqual(maxSockets);
    expectAlive(server);

    const text = await scrapeMetrics(server.httpUrl);
    expect(metricSample(text, 'tandem_http_sockets_refused_total', { reason: 'descriptors' })).toBeGreaterThanOrEqual(floodSize - timedOut);
    expect(metricSample(text, 'tandem_memory_release_errors_total')).toBe(0);
    const dropped = server.logs.find(
      (line) => line.msg === 'socket refused: the server holds as many sockets as its descriptor limit allows',
    );
    expect(dropped).toMatchObject({ level: 50, maxSockets, descriptorLimit });

    // The store kept its descriptors: ready, and every address edits again.
    expect((await fetch(`${server.httpUrl}/readyz`)).status).toBe(200);
    expect(await getFrom('127.0.0.5', server.port, '/healthz')).toBe(200);
    await editTogether(server, 'after-descriptor-flood', 'recovered');
    expectAlive(server);
  });
});
