/**
 * "Is that person still typing?" decided on the receiving side. A sender that vanished without
 * clearing its `typing` flag (a frozen tab, a laptop put to sleep, a socket nobody closed) would
 * otherwise show as typing until its awareness state times out. A typing sender renews its
 * `typingSignal` every second or so; here, a flag whose signal has not changed for `staleMs`
 * (by our own clock, never the sender's) no longer counts. Pure: the caller passes the time.
 */

export const DEFAULT_TYPING_STALE_MS = 5000;

/** When we last saw a new typing signal from one client. */
export interface TypingSighting {
  signal: unknown;
  seenAt: number;
}

export type TypingSightings = ReadonlyMap<number, TypingSighting>;

/**
 * The sightings after an awareness change: a client that is typing keeps its sighting while its
 * signal is the same, and is seen afresh at `now` when the signal changed or typing just began.
 * Clients not typing (or gone) are dropped.
 */
export function observeTyping(
  previous: TypingSightings,
  states: ReadonlyMap<number, Record<string, unknown>>,
  now: number,
): Map<number, TypingSighting> {
  const next = new Map<number, TypingSighting>();
  for (const [clientId, state] of states) {
    if (state.typing !== true) continue;
    const signal = state.typingSignal ?? null;
    const before = previous.get(clientId);
    next.set(clientId, before !== undefined && before.signal === signal ? before : { signal, seenAt: now });
  }
  return next;
}

/** The clients whose typing is fresh at `now`. */
export function freshTypists(sightings: TypingSightings, now: number, staleMs: number): Set<number> {
  const fresh = new Set<number>();
  for (const [clientId, sighting] of sightings) if (now - sighting.seenAt < staleMs) fresh.add(clientId);
  return fresh;
}

/** When the next fresh sighting goes stale (to look again then), or null when none will. */
export function nextStaleAt(sightings: TypingSightings, now: number, staleMs: number): number | null {
  let next: number | null = null;
  for (const { seenAt } of sightings.values()) {
    const at = seenAt + staleMs;
    if (at > now && (next === null || at < next)) next = at;
  }
  return next;
}
