import { encodeSyncUpdate } from '@tandem/protocol';
import { describe, expect, it } from 'vitest';
import { createServerMetrics } from './createServerMetrics.js';

/** The value of one sample line of the exposition text, or undefined when absent. */
function sampleOf(text: string, line: string): number | undefined {
  const found = text.split('\n').find((l) => l.startsWith(`${line} `));
  return found === undefined ? undefined : Number(found.slice(line.length + 1));
}

describe('createServerMetrics', () => {
  it('counters read from running sums at scrape time start again from zero after resetMetrics()', async () => {
    const metrics = createServerMetrics();
    const frame = encodeSyncUpdate(Uint8Array.of(0, 0));
    metrics.received.count(frame);
    metrics.received.count(frame);
    metrics.sent.count(frame, 3);
    metrics.observePersist(0.001, 4, 100);

    let text = await metrics.registry.metrics();
    expect(sampleOf(text, 'tandem_messages_received_total{type="sync_update"}')).toBe(2);
    expect(sampleOf(text, 'tandem_received_bytes_total{type="sync_update"}')).toBe(2 * frame.byteLength);
    expect(sampleOf(text, 'tandem_messages_sent_total{type="sync_update"}')).toBe(3);
    expect(sampleOf(text, 'tandem_persisted_updates_total')).toBe(4);
    expect(sampleOf(text, 'tandem_persisted_bytes_total')).toBe(100);

    metrics.registry.resetMetrics();
    text = await metrics.registry.metrics();
    expect(sampleOf(text, 'tandem_messages_received_total{type="sync_update"}')).toBe(0);
    expect(sampleOf(text, 'tandem_messages_sent_total{type="sync_update"}')).toBe(0);
    expect(sampleOf(text, 'tandem_persisted_updates_total')).toBe(0);
    expect(sampleOf(text, 'tandem_persisted_bytes_total')).toBe(0);
    expect(sampleOf(text, 'tandem_persist_duration_seconds_count')).toBe(0);

    // Counted after the reset: only that shows, and a second scrape does not move the zero.
    metrics.received.count(frame);
    metrics.observePersist(0.001, 1, 7);
    await metrics.registry.metrics();
    text = await metrics.registry.metrics();
    expect(sampleOf(text, 'tandem_messages_received_total{type="sync_update"}')).toBe(1);
    expect(sampleOf(text, 'tandem_received_bytes_total{type="sync_update"}')).toBe(frame.byteLength);
    expect(sampleOf(text, 'tandem_persisted_updates_total')).toBe(1);
    expect(sampleOf(text, 'tandem_persisted_bytes_total')).toBe(7);
  });
});
