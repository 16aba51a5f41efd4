import type { Registry } from 'prom-client';
import type { Logger } from '../logger.js';
import { exposeGc } from './exposeGc.js';
import { loadMallocTrim } from './loadMallocTrim.js';
import { MemoryReleaser } from './MemoryReleaser.js';
import { memoryReleaseMetrics } from './memoryReleaseMetrics.js';

const MiB = 1024 * 1024;

/**
 * The CLI's idle-time memory release (`memoryReleaseIdleMs`): it forces GCs and trims malloc's
 * heaps, so it belongs to the process owner, not to a server embedded in someone else's app.
 */
export async function startMemoryReleaser(options: { idleMs: number; logger: Logger; registry: Registry }): Promise<MemoryReleaser> {
  const { idleMs, logger, registry } = options;
  const support = await loadMallocTrim();
  if (support.unavailable !== null) {
    logger.warn({ reason: support.unavailable }, 'malloc_trim is not available: idle memory release runs the GC only');
  }
  const record = memoryReleaseMetrics(registry);
  return new MemoryReleaser({
    idleMs,
    gc: exposeGc(),
    trim: support.trim,
    onRelease: (release) => {
      record(release);
      logger.debug(
        {
          stage: release.stage,
          rssBeforeMiB: Math.round(release.rssBefore / MiB),
          rssAfterMiB: Math.round(release.rssAfter / MiB),
          ms: Math.round(release.durationMs),
          trimmed: release.trimmed,
        },
        'idle: memory returned to the OS',
      );
    },
  });
}
