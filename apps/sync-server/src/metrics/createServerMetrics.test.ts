import { encodeSyncUpdate } from '@tandem/protocol';
import { describe, expect, it } from 'vitest';
import { createServerMetrics } from './createServerMetrics.js';

/** The value of one sample line of the exposition text, or undefined when absent. */
function sampleOf(text: string, line: string): number | undefined {
  const found = text.split('\n').find((l) => l.startsWith(`${line} `));
  return found === undefined ? undefined : Number(found.slice(line.length + 1));
}

describe('createServerMetrics', () => {
  it('message counters show the running tallies at each scrape, without counting twice', async () => {
    const metrics = createServerMetrics();
    const frame = encodeSyncUpdate(Uint8Array.of(0, 0));
    metrics.received.count(frame);
    metrics.received.count(frame);
    metrics.sent.count(frame, 3);

    let text = await metrics.registry.metrics();
    expect(sampleOf(text, 'tandem_messages_received_total{type="sync_update"}')).toBe(2);
    expect(sampleOf(text, 'tandem_received_bytes_total{type="sync_update"}')).toBe(2 * frame.byteLength);
    expect(sampleOf(text, 'tandem_messages_sent_total{type="sync_update"}')).toBe(3);
    expect(sampleOf(text, 'tandem_messages_sent_total{type="ack"}')).toBe(0);

    metrics.received.count(frame);
    await metrics.registry.metrics();
    text = await metrics.registry.metrics();
    expect(sampleOf(text, 'tandem_messages_received_total{type="sync_update"}')).toBe(3);
    expect(sampleOf(text, 'tandem_received_bytes_total{type="sync_update"}')).toBe(3 * frame.byteLength);
  });

  it('store appends and acks go into prom-client histograms and counters, which resetMetrics() zeroes', async () => {
    const metrics = createServerMetrics();
    metrics.observePersist(0.0007, 4, 100);
    metrics.observePersist(0.003, 1, 7);
    metrics.observeAck(0.0004);

    let text = await metrics.registry.metrics();
    expect(sampleOf(text, 'tandem_persisted_updates_total')).toBe(5);
    expect(sampleOf(text, 'tandem_persisted_bytes_total')).toBe(107);
    expect(sampleOf(text, 'tandem_persist_duration_seconds_bucket{le="0.001"}')).toBe(1);
    expect(sampleOf(text, 'tandem_persist_duration_seconds_bucket{le="+Inf"}')).toBe(2);
    expect(sampleOf(text, 'tandem_persist_duration_seconds_count')).toBe(2);
    expect(sampleOf(text, 'tandem_ack_latency_seconds_bucket{le="0.0005"}')).toBe(1);
    expect(() => metrics.observeAck(Number.NaN)).toThrow(TypeError);

    metrics.registry.resetMetrics();
    text = await metrics.registry.metrics();
    expect(sampleOf(text, 'tandem_persisted_updates_total')).toBe(0);
    expect(sampleOf(text, 'tandem_persisted_bytes_total')).toBe(0);
    expect(sampleOf(text, 'tandem_persist_duration_seconds_count')).toBeUndefined();
  });
});
