import { Registry } from 'prom-client';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createLogger } from '../logger.js';
import type { MemoryReleaser } from './MemoryReleaser.js';
import { startMemoryReleaser } from './startMemoryReleaser.js';

let releaser: MemoryReleaser | null = null;
afterEach(() => releaser?.stop());

describe('startMemoryReleaser', () => {
  it('a failed check (RSS unreadable: EMFILE) is logged as a warning and counted, and the releaser keeps checking', async () => {
    const lines: Record<string, unknown>[] = [];
    const logger = createLogger('info', { write: (line: string) => lines.push(JSON.parse(line) as Record<string, unknown>) });
    const registry = new Registry();
    let reads = 0;
    releaser = startMemoryReleaser({
      idleMs: 5,
      checkIntervalMs: 5,
      logger,
      registry,
      activity: () => 0,
      rss: () => {
        reads += 1;
        // The first read is the baseline at start; every later one fails as with every descriptor in use.
        if (reads > 1) throw Object.assign(new Error('EMFILE: too many open files, uv_resident_set_memory'), { code: 'EMFILE' });
        return 100 * 1024 * 1024;
      },
    });
    await vi.waitFor(() => expect(reads).toBeGreaterThanOrEqual(4), { timeout: 5000, interval: 2 });
    const warning = lines.find((line) => line.msg === 'idle memory release: check failed, trying again at the next check');
    expect(warning).toMatchObject({ level: 40, err: { code: 'EMFILE' } });
    const counter = await registry.getSingleMetric('tandem_memory_release_errors_total')?.get();
    expect(counter?.values[0]?.value).toBeGreaterThanOrEqual(3);
  });
});
