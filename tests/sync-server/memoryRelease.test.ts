import { glibcVersion } from '@tandem/sync-server';
import { describe, expect, it } from 'vitest';
import { connectClient, metricSample, scrapeMetrics, spawnServerProcess, waitFor } from '../src/helpers/index.js';

const MiB = 1024 * 1024;
const trimExpected = process.platform === 'linux' && glibcVersion() !== undefined;

const docs = Array.from({ length: 4 }, (_, i) => `burst-${i}`);
const chunk = 'memory that the burst leaves behind '.repeat(70_000); // ~2.5 MB per doc

/** Writes ~2.5 MB into each doc through real clients, waits until stored and relayed, then leaves. */
async function writeBurst(wsUrl: string): Promise<void> {
  const writers = docs.map((name) => connectClient(wsUrl, name));
  await Promise.all(writers.map((writer) => writer.synced()));
  for (const writer of writers) writer.doc.getText('text').insert(0, chunk);
  const readers = docs.map((name) => connectClient(wsUrl, name));
  await waitFor(() => readers.every((reader) => reader.doc.getText('text').length === chunk.length), {
    timeout: 20_000,
    message: 'the burst relayed to the readers',
  });
  for (const client of [...writers, ...readers]) client.destroy();
}

describe('idle memory release (CLI, memoryReleaseIdleMs)', () => {
  it('after a burst and an idle loop: malloc_trim, then V8 shrinks its young generation, and every doc stays intact', {
    timeout: 60_000,
  }, async () => {
    const server = await spawnServerProcess({ env: { MEMORY_RELEASE_IDLE_MS: '200', LOG_LEVEL: 'debug' } });
    await writeBurst(server.wsUrl);

    const release = await waitFor(
      () => server.logs.find((line) => line.msg === 'idle: memory returned to the OS' && line.stage === 'burst'),
      { timeout: 20_000, message: 'a burst release in the log' },
    );
    expect(release.rssAfterMiB as number).toBeLessThan(release.rssBeforeMiB as number);
    expect(release.trimmed).toBe(trimExpected);
    if (!trimExpected) expect(server.logs.some((line) => String(line.msg).startsWith('malloc_trim is not available'))).toBe(true);

    const newSpace = { space: 'new' };
    const afterBurst = await scrapeMetrics(server.httpUrl);
    // The burst grew V8's young generation beyond its 1 MiB at start...
    expect(metricSample(afterBurst, 'nodejs_heap_space_size_total_bytes', newSpace)).toBeGreaterThan(2 * MiB);
    // ...and with V8's memory-saving mode on, its memory reducer shrinks it back within ~8 s; then the follow-up.
    await waitFor(() => server.logs.find((line) => line.msg === 'idle: memory returned to the OS' && line.stage === 'young-generation'), {
      timeout: 30_000,
      message: 'the young-generation release in the log',
    });
    const text = await scrapeMetrics(server.httpUrl);
    expect(metricSample(text, 'nodejs_heap_space_size_total_bytes', newSpace)).toBeLessThanOrEqual(2 * MiB);
    expect(metricSample(text, 'tandem_memory_releases_total', { stage: 'burst' })).toBeGreaterThanOrEqual(1);
    expect(metricSample(text, 'tandem_memory_releases_total', { stage: 'young-generation' })).toBeGreaterThanOrEqual(1);
    expect(metricSample(text, 'tandem_memory_released_bytes_total')).toBeGreaterThan(0);
    expect(metricSample(text, 'tandem_memory_release_duration_seconds_count')).toBeGreaterThanOrEqual(1);

    // The collector and the trim freed garbage only: every doc loads back whole.
    const readers = docs.map((name) => connectClient(server.wsUrl, name));
    await Promise.all(readers.map((reader) => reader.synced(20_000)));
    for (const reader of readers) expect(reader.doc.getText('text').toString()).toBe(chunk);
  });

  it('0 turns it off: no releaser, no release metrics', async () => {
    const server = await spawnServerProcess({ env: { MEMORY_RELEASE_IDLE_MS: '0' } });
    const text = await scrapeMetrics(server.httpUrl);
    expect(text).toContain('tandem_connections ');
    expect(text).not.toContain('tandem_memory_releases_total');
  });
});
