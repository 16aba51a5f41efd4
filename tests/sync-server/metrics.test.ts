import type { DocumentStore } from '@tandem/persistence';
import { CloseCode } from '@tandem/protocol';
import { describe, expect, it } from 'vitest';
import {
  connectClient,
  connectRaw,
  metricSample as sample,
  overrideStore,
  scrapeMetrics as scrape,
  spawnServerProcess,
  startServer,
  waitFor,
} from '../src/helpers/index.js';

/** The real store; appends and write probes fail while `faults.failing` (a full disk, say). */
function withWriteFaults(store: DocumentStore, faults: { failing: boolean }): DocumentStore {
  return overrideStore(store, {
    append: (name, updates, options) =>
      faults.failing ? Promise.reject(new Error('injected: disk full')) : store.append(name, updates, options),
    checkWritable: () => (faults.failing ? Promise.reject(new Error('injected: disk full')) : store.checkWritable()),
  });
}

describe('GET /metrics (Prometheus)', () => {
  it('counts connections, docs, messages and bytes by type, persist and ack latency, closes and errors', async () => {
    const { httpUrl, wsUrl } = await startServer();
    const writer = connectClient(wsUrl, 'metered', { params: { ack: '1' } });
    const reader = connectClient(wsUrl, 'metered');
    await Promise.all([writer.synced(), reader.synced()]);
    for (let i = 0; i < 5; i++) writer.doc.getText('text').insert(i, 'x');
    await waitFor(() => reader.doc.getText('text').length === 5, { message: 'edits relayed' });
    // The ack for the last edit is sent right after the relay; wait until the server counted it.
    // (Latencies are per acknowledged frame: 5 edits, plus the writer's sync step 2.)
    await waitFor(async () => (sample(await scrape(httpUrl), 'tandem_ack_latency_seconds_count') ?? 0) >= 6, {
      message: 'acks counted',
    });

    let text = await scrape(httpUrl);
    expect(sample(text, 'tandem_connections')).toBe(2);
    expect(sample(text, 'tandem_docs_loaded')).toBe(1);
    expect(sample(text, 'tandem_connections_opened_total')).toBe(2);
    expect(sample(text, 'tandem_messages_received_total', { type: 'sync_step1' })).toBeGreaterThanOrEqual(2);
    expect(sample(text, 'tandem_messages_received_total', { type: 'sync_update' })).toBeGreaterThanOrEqual(5);
    expect(sample(text, 'tandem_received_bytes_total', { type: 'sync_update' })).toBeGreaterThan(5 * 5);
    expect(sample(text, 'tandem_messages_sent_total', { type: 'sync_update' })).toBeGreaterThanOrEqual(1);
    expect(sample(text, 'tandem_messages_sent_total', { type: 'sync_step2' })).toBeGreaterThanOrEqual(2);
    expect(sample(text, 'tandem_messages_sent_total', { type: 'ack' })).toBeGreaterThanOrEqual(1);
    expect(sample(text, 'tandem_sent_bytes_total', { type: 'ack' })).toBeGreaterThanOrEqual(2);
    expect(sample(text, 'tandem_persist_duration_seconds_count')).toBeGreaterThanOrEqual(1);
    // Frames received in one tick are applied in one transaction: at least one stored update.
    expect(sample(text, 'tandem_persisted_updates_total')).toBeGreaterThanOrEqual(1);
    expect(sample(text, 'tandem_doc_load_duration_seconds_count')).toBe(1);
    expect(sample(text, 'tandem_errors_total', { kind: 'protocol' })).toBe(0);
    // Embedded servers keep to their own registry: no process metrics unless asked for.
    expect(text).not.toMatch(/^nodejs_heap_size_used_bytes/m);

    const raw = await connectRaw(wsUrl, 'metered');
    raw.send(Uint8Array.of(42, 1, 2, 3));
    await raw.waitForClose();
    reader.destroy();
    await waitFor(async () => sample(await scrape(httpUrl), 'tandem_connections') === 1, { message: 'two closed' });
    text = await scrape(httpUrl);
    expect(sample(text, 'tandem_errors_total', { kind: 'protocol' })).toBe(1);
    expect(sample(text, 'tandem_connection_closes_total', { code: String(CloseCode.ProtocolError.code) })).toBe(1);
    const closes = text
      .split('\n')
      .filter((line) => line.startsWith('tandem_connection_closes_total{'))
      .reduce((sum, line) => sum + Number(line.slice(line.lastIndexOf(' ') + 1)), 0);
    expect(closes).toBe(2);
  });

  it('two servers in one process keep separate counts', async () => {
    const first = await startServer();
    const second = await startServer();
    const client = connectClient(first.wsUrl, 'only-on-first');
    await client.synced();
    expect(sample(await scrape(first.httpUrl), 'tandem_connections_opened_total')).toBe(1);
    expect(sample(await scrape(second.httpUrl), 'tandem_connections_opened_total')).toBe(0);
  });

  it('the CLI adds process metrics and counts online compactions', async () => {
    const server = await spawnServerProcess({ args: ['--compact-after-updates', '10'] });
    const client = connectClient(server.wsUrl, 'compacted');
    const reader = connectClient(server.wsUrl, 'compacted');
    await Promise.all([client.synced(), reader.synced()]);
    for (let i = 0; i < 30; i++) {
      client.doc.getText('text').insert(i, 'c');
      // Relayed implies stored: one edit at a time makes separate appends that cross the threshold.
      await waitFor(() => reader.doc.getText('text').length === i + 1, { message: `edit ${i} relayed` });
    }
    const text = await waitFor(
      async () => {
        const scraped = await scrape(server.httpUrl);
        return (sample(scraped, 'tandem_compactions_total') ?? 0) >= 1 ? scraped : null;
      },
      { timeout: 10_000, message: 'a compaction counted' },
    );
    expect(sample(text, 'tandem_compaction_duration_seconds_count')).toBe(sample(text, 'tandem_compactions_total'));
    expect(sample(text, 'nodejs_heap_size_used_bytes')).toBeGreaterThan(0);
    expect(sample(text, 'tandem_errors_total', { kind: 'store_background' })).toBe(0);
  });
});

describe('GET /readyz', () => {
  it('turns 503 as soon as an append fails, and ready again once the store can write', async () => {
    const faults = { failing: false };
    const { httpUrl, wsUrl } = await startServer({ wrapStore: (store) => withWriteFaults(store, faults) });
    expect((await fetch(`${httpUrl}/readyz`)).status).toBe(200);
    const client = connectClient(wsUrl, 'fragile-ready');
    await client.synced();

    faults.failing = true;
    client.doc.getText('text').insert(0, 'lost write');
    // The failed append invalidates the cached "ready" at once: no waiting out the cache.
    await waitFor(async () => sample(await scrape(httpUrl), 'tandem_errors_total', { kind: 'store_write' }) === 1, {
      message: 'write failure counted',
    });
    const refused = await fetch(`${httpUrl}/readyz`);
    expect(refused.status).toBe(503);
    expect(await refused.json()).toEqual({ status: 'unavailable', error: 'the store cannot write (the server log says why)' });

    faults.failing = false;
    await waitFor(async () => (await fetch(`${httpUrl}/readyz`)).status === 200, {
      timeout: 5000,
      message: 'ready again after the cache period',
    });
  });
});
