import type { DocumentStore } from '@tandem/persistence';

export type Readiness = { ready: true } | { ready: false; error: string };

export interface ReadinessProbe {
  /** Whether the store can write, probed at most once per `cacheMs` (concurrent callers share one probe). */
  check(): Promise<Readiness>;
  /** Forget the cached answer (an append just failed): the next check probes again. */
  invalidate(): void;
}

export interface ReadinessProbeOptions {
  /** How long an answer is reused, so a scraper polling /readyz cannot turn into a write load. */
  cacheMs: number;
}

export const defaultReadinessCacheMs = 1000;

/** Readiness of the store for `GET /readyz`, from `store.checkWritable()` with a short cache. */
export function createReadinessProbe(
  store: Pick<DocumentStore, 'checkWritable'>,
  options: ReadinessProbeOptions = { cacheMs: defaultReadinessCacheMs },
): ReadinessProbe {
  let cached: { answer: Readiness; at: number } | null = null;
  let inFlight: Promise<Readiness> | null = null;
  let generation = 0;

  const probe = (): Promise<Readiness> => {
    const started = generation;
    const answer = Promise.resolve()
      .then(() => store.checkWritable())
      .then(
        (): Readiness => ({ ready: true }),
        (error: unknown): Readiness => ({ ready: false, error: error instanceof Error ? error.message : String(error) }),
      )
      .then((result) => {
        // Invalidated while probing: the answer may already be stale, so it is not cached.
        if (generation === started) cached = { answer: result, at: performance.now() };
        if (inFlight === answer) inFlight = null;
        return result;
      });
    return answer;
  };

  return {
    check() {
      if (cached !== null && performance.now() - cached.at < options.cacheMs) return Promise.resolve(cached.answer);
      inFlight ??= probe();
      return inFlight;
    },
    invalidate() {
      generation++;
      cached = null;
      inFlight = null;
    },
  };
}
