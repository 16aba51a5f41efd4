import { describe, expect, it } from 'vitest';
import { apiClient, type Call, docPath, field, makeApiKey } from '../documents-api/apiClient.js';
import { expectExactlyOnceInOrder, expectContiguousRanges, type Delivery } from './webhookExpectations.js';
import { metricSample, scrapeMetrics, startServer, startWebhookReceiver, waitFor } from '../src/helpers/index.js';

const admin = makeApiKey('ops', ['admin']);
const reader = makeApiKey('reader', ['docs:read']);

interface EndpointView {
  id: string;
  enabled: boolean;
  disabledReason: string | null;
  failingSince: string | null;
  pending: number;
}

const deliveriesOf = async (call: Call, endpoint: string) =>
  field<Delivery[]>(await call('GET', `/api/webhooks/${endpoint}/deliveries?limit=1000`, { auth: admin.key }), 'deliveries');
const endpointOf = async (call: Call, endpoint: string) =>
  field<EndpointView>(await call('GET', `/api/webhooks/${endpoint}`, { auth: admin.key }), 'endpoint');

/** Appends a paragraph through the API (stored before it answers). */
async function append(call: Call, doc: string, text: string): Promise<void> {
  const response = await call('POST', docPath(doc, '/append'), { body: text, contentType: 'text/plain' });
  expect(response.status, response.text).toBe(200);
}

describe('webhook delivery', () => {
  it('a receiver that is down for a while then up gets every event once, in order per document; the log shows the failed attempts', async () => {
    const receiver = await startWebhookReceiver();
    await receiver.down();
    const server = await startServer({
      config: {
        apiKeys: [admin.entry, reader.entry] as never,
        webhookDebounceMs: 150,
        webhookMaxWaitMs: 600,
        webhookRetrySchedule: Array.from({ length: 40 }, (_, i) => (i < 3 ? 0.1 : 0.4)) as never,
        webhooks: [{ id: 'hook', url: receiver.url, secret: receiver.secret }] as never,
      },
    });
    const call = apiClient(server.httpUrl);
    const docs = ['alpha', 'beta', 'gamma', 'delta'];
    for (const doc of docs)
      expect((await call('POST', `/api/docs?name=${doc}`, { body: 'start', contentType: 'text/plain' })).status).toBe(201);
    // Several rounds of changes, each followed by a pause longer than the debounce: an event per round and document.
    for (let round = 0; round < 3; round++) {
      await Promise.all(docs.map((doc) => append(call, doc, `round ${round}`)));
      await waitFor(async () => (await deliveriesOf(call, 'hook')).length === docs.length * (round + 2), {
        message: `round ${round}'s updates are queued`,
      });
    }
    expect((await call('DELETE', docPath('delta'))).status).toBe(200);
    const queued = docs.length * 4 + 1;
    await waitFor(async () => (await deliveriesOf(call, 'hook')).length === queued, { message: 'the deletion is queued' });
    // Down: attempts fail (connection refused) and are retried; only the head of each document's queue is tried.
    await waitFor(async () => (await deliveriesOf(call, 'hook')).filter((delivery) => delivery.attempts >= 3).length === docs.length, {
      message: 'each document head was tried at least three times',
    });
    const failures = field<{ delivered: boolean; statusCode: number | null; error: string }[]>(
      await call('GET', '/api/webhooks/hook/attempts?limit=5', { auth: admin.key }),
      'attempts',
    );
    expect(failures.every((attempt) => !attempt.delivered && attempt.statusCode === null && /ECONNREFUSED/.test(attempt.error))).toBe(true);
    expect((await endpointOf(call, 'hook')).pending).toBe(queued);
    expect((await endpointOf(call, 'hook')).failingSince).not.toBeNull();

    await receiver.up();
    await waitFor(() => receiver.received.length === queued, { timeout: 20_000, message: 'every event arrives once the receiver is up' });
    // The receiver answers before the attempt is recorded: wait for the last records.
    const deliveries = await waitFor(async () => {
      const all = await deliveriesOf(call, 'hook');
      return all.every((delivery) => delivery.state === 'delivered') ? all : null;
    });
    expectExactlyOnceInOrder(receiver.received, deliveries);
    for (const doc of ['alpha', 'beta', 'gamma'])
      expectContiguousRanges(receiver.eventsOf(doc), (await server.store.getMeta(doc))?.seq ?? 0);
    expect(
      receiver
        .eventsOf('delta')
        .map((delivery) => delivery.event.type)
        .at(-1),
    ).toBe('document.deleted');
    const endpoint = await endpointOf(call, 'hook');
    expect(endpoint).toMatchObject({ enabled: true, failingSince: null, pending: 0 });
    const metrics = await scrapeMetrics(server.httpUrl);
    expect(metricSample(metrics, 'tandem_webhook_deliveries_total', { endpoint: 'hook', outcome: 'delivered' })).toBe(queued);
    expect(metricSample(metrics, 'tandem_webhook_attempts_total', { endpoint: 'hook', result: 'network_error' })).toBeGreaterThanOrEqual(
      12,
    );
    expect(metricSample(metrics, 'tandem_webhook_queue_depth', { endpoint: 'hook' })).toBe(0);
    expect(receiver.rejected).toEqual([]);
  });

  it('disables an endpoint whose every attempt failed for the configured time (log line, metric), holds its events, and delivers them once enabled again', async () => {
    const receiver = await startWebhookReceiver();
    receiver.status = 503;
    const writer = makeApiKey('writer', ['docs:write']);
    const server = await startServer({
      config: {
        logLevel: 'info',
        authSecret: 'webhook-delivery-test-secret-0123456789abcdef',
        apiKeys: [admin.entry, reader.entry, writer.entry] as never,
        webhookDebounceMs: 100,
        webhookMaxWaitMs: 500,
        webhookRetrySchedule: [0.3, 0.3, 0.3, 0.3, 0.3, 0.3, 0.3, 0.3] as never,
        webhookDisableAfterSec: 1,
        webhooks: [{ id: 'flaky', url: receiver.url, secret: receiver.secret }] as never,
      },
    });
    const call = apiClient(server.httpUrl);
    expect((await call('GET', '/api/webhooks')).status).toBe(401);
    expect((await call('GET', '/api/webhooks', { auth: reader.key })).status).toBe(403);
    expect((await call('POST', '/api/webhooks/flaky/enable', { auth: writer.key })).status).toBe(403);
    expect((await call('GET', '/api/webhooks/nope', { auth: admin.key })).status).toBe(404);

    expect((await call('POST', '/api/docs?name=flaky-doc', { auth: writer.key, body: 'one', contentType: 'text/plain' })).status).toBe(201);
    const disabled = await waitFor(
      async () => {
        const endpoint = await endpointOf(call, 'flaky');
        return endpoint.enabled ? null : endpoint;
      },
      { timeout: 10_000, message: 'the endpoint is disabled after failing for a second' },
    );
    expect(disabled.disabledReason).toMatch(/every attempt failed since .*answered 503/);
    expect(
      server.logs.some(
        (line) => line.level === 50 && String(line.msg).startsWith('webhook endpoint disabled') && line.endpoint === 'flaky',
      ),
    ).toBe(true);
    const metrics = await scrapeMetrics(server.httpUrl);
    expect(metricSample(metrics, 'tandem_webhook_endpoint_disabled', { endpoint: 'flaky' })).toBe(1);
    expect(metricSample(metrics, 'tandem_webhook_endpoints_disabled_total', { endpoint: 'flaky' })).toBe(1);
    // At least the first failure and one a second later (retries every 0.3 s; fewer fit when the machine is slow).
    expect(metricSample(metrics, 'tandem_webhook_attempts_total', { endpoint: 'flaky', result: 'http_error' })).toBeGreaterThanOrEqual(2);

    // Disabled: new events are kept, none is sent.
    receiver.status = 204;
    const requestsWhenDisabled = receiver.requests;
    expect((await call('POST', docPath('flaky-doc', '/append'), { auth: writer.key, body: 'two', contentType: 'text/plain' })).status).toBe(
      200,
    );
    await waitFor(async () => (await endpointOf(call, 'flaky')).pending === 2, { message: 'the update is queued behind the creation' });
    expect(receiver.requests).toBe(requestsWhenDisabled);

    const enabled = await call('POST', '/api/webhooks/flaky/enable', { auth: admin.key });
    expect(enabled.status).toBe(200);
    expect(field<EndpointView>(enabled, 'endpoint')).toMatchObject({ enabled: true, disabledReason: null, failingSince: null });
    await waitFor(() => receiver.received.length === 2, { message: 'both events arrive once enabled' });
    expect(receiver.received.map((delivery) => delivery.event.type)).toEqual(['document.created', 'document.updated']);
    expect(metricSample(await scrapeMetrics(server.httpUrl), 'tandem_webhook_endpoint_disabled', { endpoint: 'flaky' })).toBe(0);

    // An administrator can disable it too.
    const off = await call('POST', '/api/webhooks/flaky/disable', { auth: admin.key, body: { reason: 'maintenance' } });
    expect(field<EndpointView>(off, 'endpoint')).toMatchObject({
      enabled: false,
      disabledReason: 'disabled through the API by apikey:ops: maintenance',
    });
  });

  it('replays given-up and delivered deliveries (same webhook-id, in the delivery log as replays), and refuses a bad replay', async () => {
    const receiver = await startWebhookReceiver();
    receiver.status = 500;
    const server = await startServer({
      config: {
        apiKeys: [admin.entry] as never,
        webhookDebounceMs: 100,
        webhookMaxWaitMs: 500,
        webhookRetrySchedule: [0.1] as never,
        webhooks: [{ id: 'hook', url: receiver.url, secret: receiver.secret }] as never,
      },
    });
    const call = apiClient(server.httpUrl);
    expect((await call('POST', '/api/docs?name=replayed', { body: 'x', contentType: 'text/plain' })).status).toBe(201);
    const [given] = await waitFor(
      async () => {
        const failed = (await deliveriesOf(call, 'hook')).filter((delivery) => delivery.state === 'failed');
        return failed.length === 1 ? failed : null;
      },
      { message: 'the delivery is given up after its retry' },
    );
    expect(given?.attempts).toBe(2);

    receiver.status = 200;
    expect((await call('POST', '/api/webhooks/hook/replay', { body: { since: 0, deliveries: [1] } })).status).toBe(400);
    expect((await call('POST', '/api/webhooks/hook/replay', { body: { deliveries: [999] } })).status).toBe(404);
    const replay = await call('POST', '/api/webhooks/hook/replay', { body: { since: new Date(Date.now() - 60_000).toISOString() } });
    expect(replay.status).toBe(202);
    expect(field<number>(replay, 'replayed')).toBe(1);
    await waitFor(() => receiver.received.length === 1, { message: 'the replay arrives' });
    expect(receiver.received[0]?.id).toBe(given?.eventId);

    const again = await call('POST', '/api/webhooks/hook/replay', { body: { eventIds: [given?.eventId] } });
    expect(field<Delivery[]>(again, 'deliveries')[0]?.replayOf).not.toBeNull();
    await waitFor(() => receiver.received.length === 2, { message: 'the second replay arrives' });
    expect(receiver.received.map((delivery) => delivery.id)).toEqual([given?.eventId, given?.eventId]);
    const log = await waitFor(async () => {
      const deliveries = await deliveriesOf(call, 'hook');
      return deliveries.every((delivery) => delivery.state !== 'pending') ? deliveries : null;
    });
    expect(log.map((delivery) => [delivery.state, delivery.replayOf === null])).toEqual([
      ['delivered', false],
      ['delivered', false],
      ['failed', true],
    ]);
  });
});
