import type { Registry } from 'prom-client';
import type { Logger } from '../logger.js';
import { exposeGc } from './exposeGc.js';
import { loadMallocTrim, type MallocTrimSupport } from './loadMallocTrim.js';
import { MemoryReleaser } from './MemoryReleaser.js';
import { memoryReleaseMetrics } from './memoryReleaseMetrics.js';
import { setV8FootprintMode } from './setV8FootprintMode.js';

const MiB = 1024 * 1024;

/**
 * The CLI's idle-time memory release (`memoryReleaseIdleMs`): it forces GCs and trims malloc's
 * heaps, so it belongs to the process owner, not to a server embedded in someone else's app.
 * Nothing is loaded at start (koffi and a GC-exposing context would delay a restart's first
 * joins); both come with the first release, which runs when the loop is idle anyway.
 */
export function startMemoryReleaser(options: {
  idleMs: number;
  logger: Logger;
  registry: Registry;
  /** Grows with the server's work (e.g. document frames received); see `MemoryReleaserOptions.activity`. */
  activity: () => number;
  /** Resident set size in bytes (default `process.memoryUsage.rss`; see `MemoryReleaserOptions.rss`). */
  rss?: () => number;
  /** How often the releaser looks (default: every second, or every `idleMs` if shorter). */
  checkIntervalMs?: number;
}): MemoryReleaser {
  const { idleMs, logger, registry, activity } = options;
  let support: MallocTrimSupport | null = null;
  const trim = (): boolean => {
    if (support === null) {
      support = loadMallocTrim();
      if (support.unavailable !== null) {
        logger.warn(
          { reason: support.unavailable },
          'malloc_trim is not available: idle memory release runs the GC and the young-generation shrink only',
        );
      }
    }
    return support.trim?.() ?? false;
  };
  let gc: (() => void) | null = null;
  const record = memoryReleaseMetrics(registry);
  return new MemoryReleaser({
    idleMs,
    activity,
    ...(options.rss === undefined ? {} : { rss: options.rss }),
    ...(options.checkIntervalMs === undefined ? {} : { checkIntervalMs: options.checkIntervalMs }),
    gc: () => {
      gc ??= exposeGc();
      gc();
    },
    trim,
    footprintMode: setV8FootprintMode,
    onError: (error) => {
      record.error();
      logger.warn({ err: error }, 'idle memory release: check failed, trying again at the next check');
    },
    onRelease: (release) => {
      record.release(release);
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
