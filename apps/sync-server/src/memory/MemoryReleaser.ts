import { performance } from 'node:perf_hooks';
import type { MallocTrim } from './loadMallocTrim.js';

const MiB = 1024 * 1024;

/** A release only runs once RSS grew by at least this much (and 10% of the last baseline) since the last one. */
export const memoryReleaseMinGrowthBytes = 8 * MiB;
/**
 * V8 shrinks its young generation at a GC only when the allocation throughput it measured over
 * the last ~5 s is low, so the second GC waits until the loop has been idle this long since the
 * first one (or since it was last busy).
 */
export const youngGenerationDelayMs = 5500;
/** An event-loop utilization below this share counts as idle (awareness renewals, heartbeats). */
export const idleUtilization = 0.1;

export type MemoryReleaseStage = 'burst' | 'young-generation';

export interface MemoryRelease {
  /** `burst`: the first release after growth; `young-generation`: the follow-up GC once V8 sees a quiet loop. */
  stage: MemoryReleaseStage;
  rssBefore: number;
  rssAfter: number;
  durationMs: number;
  /** `malloc_trim` ran and reported memory returned to the OS. */
  trimmed: boolean;
}

export interface MemoryReleaserOptions {
  /** The server must have been idle this long before a release (no `activity`, the loop under 10% busy). */
  idleMs: number;
  /** A full, synchronous V8 GC (see `exposeGc`). */
  gc: () => void;
  /** glibc's `malloc_trim`, or null where there is none (the GC still runs). */
  trim: MallocTrim | null;
  onRelease: (release: MemoryRelease) => void;
  /** Resident set size in bytes (default `process.memoryUsage.rss`). */
  rss?: () => number;
  /** Share of the time the loop was busy since the previous call (default: Node's event-loop utilization). */
  loopUtilization?: () => number;
  /**
   * A count that grows with the work that allocates (the CLI: document frames received). The loop
   * is idle only while it stays the same: a light steady load keeps the loop under 10% busy, yet
   * a forced GC under it costs CPU and latency (fan-out: +20% CPU, +1 ms p99) for nothing.
   */
  activity?: () => number;
  youngGenerationDelayMs?: number;
  minGrowthBytes?: number;
  checkIntervalMs?: number;
}

interface Collected {
  stage: MemoryReleaseStage;
  rssBefore: number;
  gcMs: number;
}

function eventLoopUtilization(): () => number {
  let last = performance.eventLoopUtilization();
  return () => {
    const now = performance.eventLoopUtilization();
    const share = performance.eventLoopUtilization(now, last).utilization;
    last = now;
    return share;
  };
}

/**
 * Gives memory back to the OS once a burst is over: when RSS has grown since the last release and
 * the server has then been idle for `idleMs` (no `activity`, the loop under 10% busy), it runs a full GC (the burst's garbage, and the
 * buffers only a GC frees) and, one check later, `malloc_trim` (the freed chunks inside malloc's
 * heap). A second GC and trim follow once the loop has been idle for `youngGenerationDelayMs`: V8
 * may then shrink its young generation, and the trim catches what the first GC's sweep freed late.
 * A server under steady load is never idle and never pays for this; the GC pause falls in a
 * quiet moment.
 */
export class MemoryReleaser {
  private readonly options: MemoryReleaserOptions;
  private readonly rss: () => number;
  private readonly loopUtilization: () => number;
  private readonly activity: () => number;
  private lastActivity: number;
  private readonly minGrowthBytes: number;
  private readonly youngGenerationDelayMs: number;
  private readonly timer: NodeJS.Timeout;
  private lastCheck = performance.now();
  private idleForMs = 0;
  private baselineRss: number;
  /**
   * A GC ran on the previous check and its trim is due. The trim waits a check: V8 frees the
   * backing stores of collected ArrayBuffers on a background thread after the GC, and a trim right
   * after the GC returned half as much.
   */
  private collected: Collected | null = null;
  /** A burst release ran and its young-generation follow-up has not. */
  private youngGenerationPending = false;

  constructor(options: MemoryReleaserOptions) {
    this.options = options;
    this.rss = options.rss ?? (() => process.memoryUsage.rss());
    this.loopUtilization = options.loopUtilization ?? eventLoopUtilization();
    this.activity = options.activity ?? (() => 0);
    this.lastActivity = this.activity();
    this.minGrowthBytes = options.minGrowthBytes ?? memoryReleaseMinGrowthBytes;
    this.youngGenerationDelayMs = options.youngGenerationDelayMs ?? youngGenerationDelayMs;
    this.baselineRss = this.rss();
    // Averaged over a second, a heartbeat round or an awareness renewal is not "busy".
    const checkIntervalMs = options.checkIntervalMs ?? Math.min(1000, options.idleMs);
    this.timer = setInterval(() => this.check(), checkIntervalMs);
    this.timer.unref();
  }

  stop(): void {
    clearInterval(this.timer);
  }

  private check(): void {
    const now = performance.now();
    const elapsed = now - this.lastCheck;
    this.lastCheck = now;
    const activity = this.activity();
    const quietLoop = this.loopUtilization() < idleUtilization;
    this.idleForMs = quietLoop && activity === this.lastActivity ? this.idleForMs + elapsed : 0;
    this.lastActivity = activity;
    if (this.collected !== null) {
      this.trimAfterCollect(this.collected);
      this.collected = null;
      return;
    }
    if (this.idleForMs < this.options.idleMs) return;
    const rss = this.rss();
    this.baselineRss = Math.min(this.baselineRss, rss);
    if (rss - this.baselineRss >= Math.max(this.minGrowthBytes, this.baselineRss / 10)) {
      this.collect('burst', rss);
      this.youngGenerationPending = true;
    } else if (this.youngGenerationPending && this.idleForMs >= this.youngGenerationDelayMs) {
      this.collect('young-generation', rss);
      this.youngGenerationPending = false;
    }
  }

  /** The GC half of a release; the trim follows on the next check (see `collected`). */
  private collect(stage: MemoryReleaseStage, rssBefore: number): void {
    const started = performance.now();
    this.options.gc();
    this.collected = { stage, rssBefore, gcMs: performance.now() - started };
    // Idle time counts again from here: the young-generation GC needs V8 to have seen a quiet loop.
    this.idleForMs = 0;
  }

  private trimAfterCollect({ stage, rssBefore, gcMs }: Collected): void {
    const started = performance.now();
    const trimmed = this.options.trim?.() ?? false;
    const rssAfter = this.rss();
    this.baselineRss = rssAfter;
    this.options.onRelease({ stage, rssBefore, rssAfter, durationMs: gcMs + performance.now() - started, trimmed });
  }
}
