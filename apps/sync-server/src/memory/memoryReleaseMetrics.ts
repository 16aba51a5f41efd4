import { Counter, Histogram, type Registry } from 'prom-client';
import type { MemoryRelease } from './MemoryReleaser.js';

export interface MemoryReleaseRecorder {
  /** One release ran. */
  release: (release: MemoryRelease) => void;
  /** One check failed (see `MemoryReleaserOptions.onError`). */
  error: () => void;
}

/** Registers the memory-release metrics in `registry`; returns what records releases and failed checks. */
export function memoryReleaseMetrics(registry: Registry): MemoryReleaseRecorder {
  const registers = [registry];
  const releases = new Counter({
    name: 'tandem_memory_releases_total',
    help: 'Idle-time memory releases, by stage: burst (malloc_trim), young-generation (full GC + malloc_trim once V8 shrank its young generation).',
    labelNames: ['stage'],
    registers,
  });
  const released = new Counter({
    name: 'tandem_memory_released_bytes_total',
    help: 'Resident memory given back to the OS by idle-time releases (RSS before minus after).',
    registers,
  });
  const duration = new Histogram({
    name: 'tandem_memory_release_duration_seconds',
    help: 'Duration of one idle-time memory release (the GC pause, if any, plus malloc_trim).',
    buckets: [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
    registers,
  });
  const errors = new Counter({
    name: 'tandem_memory_release_errors_total',
    help: 'Idle-time memory release checks that failed (e.g. RSS unreadable with every file descriptor in use); the next check runs as usual.',
    registers,
  });
  for (const stage of ['burst', 'young-generation']) releases.inc({ stage }, 0);
  return {
    release: (release) => {
      releases.inc({ stage: release.stage });
      released.inc(Math.max(0, release.rssBefore - release.rssAfter));
      duration.observe(release.durationMs / 1000);
    },
    error: () => errors.inc(),
  };
}
