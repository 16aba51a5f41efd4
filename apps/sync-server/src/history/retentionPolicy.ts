import type { DocVersion } from '@tandem/persistence';

const HOUR_MS = 60 * 60 * 1000;
const DAY_MS = 24 * HOUR_MS;

/** How long automatic versions are kept (named versions always are). */
export interface RetentionPolicy {
  /** Every automatic version younger than this many days is kept. */
  keepAllDays: number;
  /** Older ones, up to this age: the last of each hour. */
  keepHourlyDays: number;
  /** Older still: the last of each UTC day, until this age (0: for ever); past it they go. */
  keepDailyDays: number;
}

/**
 * The automatic versions `policy` no longer keeps at `now`: by age, every one is kept, then the
 * last of each hour, then the last of each day, then none. Named versions and the doc's newest
 * version are always kept. Pure: the sweeper deletes what it returns.
 */
export function expiredVersions(versions: readonly DocVersion[], now: number, policy: RetentionPolicy): number[] {
  const newest = versions.reduce((max, version) => Math.max(max, version.seq), 0);
  const sorted = [...versions].sort((a, b) => a.seq - b.seq);
  /** Bucket key -> the seq kept for it (the last of the bucket). */
  const kept = new Map<string, number>();
  const candidates: { seq: number; bucket: string | null }[] = [];
  for (const version of sorted) {
    if (version.kind === 'named') continue;
    const age = now - version.createdAt;
    let bucket: string | null;
    if (age < policy.keepAllDays * DAY_MS) continue;
    if (age < policy.keepHourlyDays * DAY_MS) bucket = `h${Math.floor(version.createdAt / HOUR_MS)}`;
    else if (policy.keepDailyDays === 0 || age < policy.keepDailyDays * DAY_MS) bucket = `d${Math.floor(version.createdAt / DAY_MS)}`;
    else bucket = null;
    if (bucket !== null) kept.set(bucket, version.seq);
    // The newest is kept whatever its age, and is the one kept for its hour or day.
    if (version.seq !== newest) candidates.push({ seq: version.seq, bucket });
  }
  return candidates.filter(({ seq, bucket }) => bucket === null || kept.get(bucket) !== seq).map(({ seq }) => seq);
}
