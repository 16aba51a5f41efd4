import { performance } from 'node:perf_hooks';
import type { MallocTrim } from './loadMallocTrim.js';
import { v8YoungGenerationBytes } from './v8YoungGenerationBytes.js';

const MiB = 1024 * 1024;

/** A release only runs once RSS grew by at least this much (and 10% of the last baseline) since the last one. */
export const memoryReleaseMinGrowthBytes = 8 * MiB;
/**
 * V8 shrinks its young generation only in a GC of its memory reducer, which runs 8 s after the
 * last full GC and only acts if allocation is low (under 1 MB/s; the idle heartbeat alone is
 * more) or V8 is in its memory-saving mode (`footprintMode`). The follow-up GC and trim wait for
 * that shrink, or this long of idle after the burst release if it does not come.
 */
export const youngGenerationDelayMs = 9000;
/** An event-loop utilization below this share counts as idle (awareness renewals, heartbeats). */
export const idleUtilization = 0.1;

export type MemoryReleaseStage = 'burst' | 'young-generation';

export interface MemoryRelease {
  /**
   * `burst`: the first release after growth (a trim); `young-generation`: the follow-up GC and trim,
   * once V8 has shrunk its young generation or `youngGenerationDelayMs` passed.
   */
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
  /** glibc's `malloc_trim`, or null where there is none (the GC and V8's shrink still happen). */
  trim: MallocTrim | null;
  onRelease: (release: MemoryRelease) => void;
  /**
   * A check failed (e.g. reading RSS with every file descriptor in use: EMFILE). The check runs on
   * a timer, where a throw would end the process; it is reported here instead and the next check
   * runs as usual.
   */
  onError: (error: unknown) => void;
  /**
   * Switches V8's memory-saving mode on (from the burst release until the young generation is back
   * at its size at start) and off (then, or when document traffic resumes). It lets V8's memory
   * reducer shrink the young generation under the idle server's allocation; see `setV8FootprintMode`.
   */
  footprintMode?: (on: boolean) => void;
  /** Resident set size in bytes (default `process.memoryUsage.rss`). */
  rss?: () => number;
  /** Share of the time the loop was busy since the previous call (default: Node's event-loop utilization). */
  loopUtilization?: () => number;
  /**
   * A count that grows with the work that allocates (the CLI: document frames received). The loop
   * is idle only while it stays the same: a light steady load keeps the loop mostly idle, yet a
   * forced GC under it would cost CPU and latency for nothing.
   */
  activity?: () => number;
  /** Bytes V8 has reserved for its young generation (default: `new_space` of V8's heap statistics). */
  youngGenerationBytes?: () => number;
  youngGenerationDelayMs?: number;
  minGrowthBytes?: number;
  checkIntervalMs?: number;
}

/** A release about to be finished by its trim (`gcMs`: the GC it ran first, 0 for none). */
interface PendingRelease {
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
 * Gives memory back to the OS once a burst is over. When RSS has grown since the last release and
 * the server has then been idle for `idleMs` (no `activity`, the loop under 10% busy), it runs
 * `malloc_trim` (the burst's freed buffers, sitting between live chunks in malloc's heap) and, if
 * the burst grew V8's young generation, switches V8's memory-saving mode on, so that V8's memory
 * reducer shrinks it (from up to 2 x 16 MiB back to 1 MiB) at its next round, within 8 s. Once it
 * has (or after `youngGenerationDelayMs` of idle), a full GC and, one check later, another trim
 * follow. A server under steady load is never idle and never pays for this; the pauses fall in a
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
  private collected: PendingRelease | null = null;
  /** The young generation's size at the burst release, until its follow-up has run. */
  private youngGenerationBefore: number | null = null;
  /** Its size at start: V8 never shrinks it below this. */
  private readonly youngGenerationFloor: number;
  private readonly youngGenerationBytes: () => number;
  private footprintOn = false;

  constructor(options: MemoryReleaserOptions) {
    this.options = options;
    this.rss = options.rss ?? (() => process.memoryUsage.rss());
    this.loopUtilization = options.loopUtilization ?? eventLoopUtilization();
    this.activity = options.activity ?? (() => 0);
    this.lastActivity = this.activity();
    this.minGrowthBytes = options.minGrowthBytes ?? memoryReleaseMinGrowthBytes;
    this.youngGenerationDelayMs = options.youngGenerationDelayMs ?? youngGenerationDelayMs;
    this.baselineRss = this.rss();
    this.youngGenerationBytes = options.youngGenerationBytes ?? v8YoungGenerationBytes;
    this.youngGenerationFloor = this.youngGenerationBytes();
    // Averaged over a second, a heartbeat round or an awareness renewal is not "busy".
    const checkIntervalMs = options.checkIntervalMs ?? Math.min(1000, options.idleMs);
    this.timer = setInterval(() => this.checkReportingErrors(), checkIntervalMs);
    this.timer.unref();
  }

  stop(): void {
    clearInterval(this.timer);
    this.setFootprintMode(false);
  }

  private setFootprintMode(on: boolean): void {
    if (this.footprintOn === on || this.options.footprintMode === undefined) return;
    this.footprintOn = on;
    this.options.footprintMode(on);
  }

  private checkReportingErrors(): void {
    try {
      this.check();
    } catch (error) {
      this.options.onError(error);
    }
  }

  private check(): void {
    const now = performance.now();
    const elapsed = now - this.lastCheck;
    this.lastCheck = now;
    const activity = this.activity();
    const quietLoop = this.loopUtilization() < idleUtilization;
    const working = activity !== this.lastActivity;
    this.idleForMs = quietLoop && !working ? this.idleForMs + elapsed : 0;
    this.lastActivity = activity;
    // V8's heap statistics are read at most once per check (a copy of every heap space's numbers).
    let young: number | null = null;
    const youngNow = (): number => (young ??= this.youngGenerationBytes());
    // Document traffic ends the memory-saving mode, and so does a young generation back at its
    // floor; a busy loop alone does not (a release's own GC and trim can fill a tenth of a second).
    if (working || (this.footprintOn && youngNow() <= this.youngGenerationFloor)) this.setFootprintMode(false);
    if (this.collected !== null) {
      this.finishRelease(this.collected);
      this.collected = null;
      return;
    }
    if (this.idleForMs < this.options.idleMs) return;
    const rss = this.rss();
    this.baselineRss = Math.min(this.baselineRss, rss);
    if (rss - this.baselineRss >= Math.max(this.minGrowthBytes, this.baselineRss / 10)) {
      this.releaseBurst(rss, youngNow());
    } else if (
      this.youngGenerationBefore !== null &&
      (youngNow() < this.youngGenerationBefore || this.idleForMs >= this.youngGenerationDelayMs)
    ) {
      // V8's memory reducer has run (the young generation shrank), or it is not coming.
      this.youngGenerationBefore = null;
      this.collect('young-generation', rss);
    }
  }

  /**
   * The first release after growth: what malloc holds free now goes back at once. No GC yet: V8's
   * memory reducer runs 8 s after the last full GC, and a GC of ours would push it back. With the
   * memory-saving mode on, the reducer's GC shrinks the young generation; the follow-up GC and
   * trim come once it has (or after `youngGenerationDelayMs`).
   */
  private releaseBurst(rssBefore: number, young: number): void {
    if (young > this.youngGenerationFloor) this.setFootprintMode(true);
    this.youngGenerationBefore = young;
    this.idleForMs = 0;
    this.finishRelease({ stage: 'burst', rssBefore, gcMs: 0 });
  }

  /** The GC half of a release; the trim follows on the next check (see `collected`). */
  private collect(stage: MemoryReleaseStage, rssBefore: number): void {
    const started = performance.now();
    this.options.gc();
    this.collected = { stage, rssBefore, gcMs: performance.now() - started };
  }

  private finishRelease({ stage, rssBefore, gcMs }: PendingRelease): void {
    const started = performance.now();
    const trimmed = this.options.trim?.() ?? false;
    const rssAfter = this.rss();
    this.baselineRss = rssAfter;
    this.options.onRelease({ stage, rssBefore, rssAfter, durationMs: gcMs + performance.now() - started, trimmed });
  }
}
