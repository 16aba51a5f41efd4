import { describe, expect, it } from 'vitest';
import { apiClient, type Call, docPath, field } from '../documents-api/apiClient.js';
import { runCli, type ServerProcess, spawnServerProcess, startWebhookReceiver, waitFor } from '../src/helpers/index.js';
import { type Delivery, expectContiguousRanges, expectExactlyOnceInOrder } from './webhookExpectations.js';

// The built CLI in child processes on one LevelDB directory: a graceful restart, then a SIGKILL
// with changes still in their debounce, while the receiver is down the whole time.

const deliveries = async (call: Call) => field<Delivery[]>(await call('GET', '/api/webhooks/hook/deliveries?limit=1000'), 'deliveries');
const pending = async (call: Call) => field<{ pending: number }>(await call('GET', '/api/webhooks/hook'), 'endpoint').pending;

async function append(call: Call, doc: string, text: string): Promise<void> {
  const response = await call('POST', docPath(doc, '/append'), { body: text, contentType: 'text/plain' });
  expect(response.status, response.text).toBe(200);
}

describe('webhook deliveries across restarts', () => {
  it('a graceful restart and a SIGKILL on the same data directory lose no event; once the receiver is up it gets each once, in order', async () => {
    const receiver = await startWebhookReceiver();
    await receiver.down();
    const env = {
      WEBHOOKS: JSON.stringify([{ id: 'hook', url: receiver.url, secret: receiver.secret }]),
      WEBHOOK_DEBOUNCE_MS: '300',
      WEBHOOK_MAX_WAIT_MS: '2000',
      WEBHOOK_RETRY_SCHEDULE: Array.from({ length: 40 }, () => '0.5').join(','),
    };
    const docs = ['one', 'two', 'three'];
    let server: ServerProcess = await spawnServerProcess({ env });
    const dataDir = server.dataDir;
    let call = apiClient(server.httpUrl);
    for (const doc of docs)
      expect((await call('POST', `/api/docs?name=${doc}`, { body: doc, contentType: 'text/plain' })).status).toBe(201);
    await Promise.all(docs.map((doc) => append(call, doc, 'before the first restart')));
    await waitFor(async () => (await pending(call)) === docs.length * 2, { message: 'created and updated queued for each document' });

    // Graceful: a change still in its debounce is announced while stopping.
    await append(call, 'one', 'just before SIGTERM');
    server.kill('SIGTERM');
    expect((await server.waitForExit()).code).toBe(0);
    // This run debounces for longer than it lives: what it stores is announced by none of its timers.
    server = await spawnServerProcess({ dataDir, env: { ...env, WEBHOOK_DEBOUNCE_MS: '60000', WEBHOOK_MAX_WAIT_MS: '60000' } });
    call = apiClient(server.httpUrl);
    expect(await pending(call)).toBe(docs.length * 2 + 1);

    // SIGKILL: changes whose debounce had not ended are found at the next start (the store's cursor is behind them).
    await Promise.all(docs.map((doc) => append(call, doc, 'just before SIGKILL')));
    server.kill('SIGKILL');
    await server.waitForExit();
    server = await spawnServerProcess({ dataDir, env });
    call = apiClient(server.httpUrl);
    const expected = docs.length * 3 + 1;
    await waitFor(async () => (await pending(call)) === expected, {
      message: 'the changes the killed process had not announced are queued at start',
    });

    await receiver.up();
    await waitFor(() => receiver.received.length === expected, { timeout: 20_000, message: 'every event arrives' });
    const outbox = await waitFor(async () => {
      const all = await deliveries(call);
      return all.every((delivery) => delivery.state === 'delivered') ? all : null;
    });
    expectExactlyOnceInOrder(receiver.received, outbox);
    const metas = field<{ name: string; seq: number }[]>(await call('GET', '/api/docs'), 'docs');
    for (const doc of docs) expectContiguousRanges(receiver.eventsOf(doc), metas.find((meta) => meta.name === doc)?.seq ?? 0);
    expect(receiver.rejected).toEqual([]);
  });

  it('refuses to start with a bad webhook config, naming the key and the endpoint field, never printing a secret', async () => {
    const secret = 'whsec_not-base64!';
    const bad = await runCli(['--port', '0'], { WEBHOOKS: JSON.stringify([{ id: 'hook', url: 'http://127.0.0.1:9/', secret }]) });
    expect(bad.code).toBe(1);
    expect(bad.stderr).toMatch(/invalid config "webhooks" \(env WEBHOOKS, flag --webhooks\).*endpoint 0\.secret: is not base64/);
    expect(bad.stderr).not.toContain('not-base64!');
    const url = await runCli(['--port', '0'], {
      WEBHOOKS: '[{"id":"hook","url":"ftp://x","secret":"whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"}]',
    });
    expect(url.stderr).toMatch(/endpoint 0\.url: must be an http or https URL/);
    const wait = await runCli(['--port', '0'], { WEBHOOK_DEBOUNCE_MS: '5000', WEBHOOK_MAX_WAIT_MS: '1000' });
    expect(wait.stderr).toMatch(/invalid config "webhookMaxWaitMs".*must be at least webhookDebounceMs \(5000\)/);
    const schedule = await runCli(['--port', '0', '--webhook-retry-schedule', '5,soon']);
    expect(schedule.stderr).toMatch(
      /invalid config "webhookRetrySchedule" \(env WEBHOOK_RETRY_SCHEDULE, flag --webhook-retry-schedule\) from flag/,
    );
  });
});
