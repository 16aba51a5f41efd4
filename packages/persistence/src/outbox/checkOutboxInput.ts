import type {
  AttemptListOptions,
  ClaimOptions,
  CursorChange,
  EntryListOptions,
  OutboxEntryInput,
  PruneOptions,
  Settlement,
} from '../outbox.js';
import { StoreError } from '../storeError.js';

/** The most entries one list call returns. */
export const maxOutboxListLimit = 1000;

const states = new Set(['pending', 'delivered', 'failed']);

function fail(what: string, problem: string): never {
  throw new StoreError(`outbox: ${what} ${problem}`);
}

function text(what: string, value: unknown, max: number): void {
  if (typeof value !== 'string' || value.length === 0 || value.length > max) fail(what, `must be a string of 1..${max} characters`);
  if (value.includes('\0')) fail(what, 'must not contain U+0000');
}

function time(what: string, value: unknown): void {
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < 0) fail(what, 'must be an integer >= 0 (epoch milliseconds)');
}

function count(what: string, value: unknown, min: number, max = Number.MAX_SAFE_INTEGER): void {
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < min || value > max) {
    fail(what, `must be an integer ${min}..${max === Number.MAX_SAFE_INTEGER ? 'any' : max}`);
  }
}

export function checkEntryInputs(entries: readonly OutboxEntryInput[]): void {
  if (!Array.isArray(entries)) fail('entries', 'must be an array');
  for (const [index, entry] of entries.entries()) {
    const at = `entry ${index}`;
    if (typeof entry !== 'object' || entry === null) fail(at, 'must be an object');
    text(`${at} eventId`, entry.eventId, 200);
    text(`${at} type`, entry.type, 200);
    text(`${at} endpoint`, entry.endpoint, 200);
    text(`${at} lane`, entry.lane, 1000);
    if (typeof entry.payload !== 'string') fail(`${at} payload`, 'must be a string');
    time(`${at} createdAt`, entry.createdAt);
    if (entry.replayOf !== undefined) count(`${at} replayOf`, entry.replayOf, 1);
  }
}

export function checkCursorChange(change: CursorChange | undefined): void {
  if (change === undefined) return;
  text('cursor name', change.name, 1000);
  if (change.expect !== undefined && change.expect !== null) count('cursor expect', change.expect, 0);
  if (change.set !== null) count('cursor set', change.set, 0);
}

export function checkClaim(options: ClaimOptions): void {
  text('claim owner', options.owner, 200);
  if (!Array.isArray(options.endpoints)) fail('claim endpoints', 'must be an array');
  time('claim now', options.now);
  count('claim leaseMs', options.leaseMs, 1);
  count('claim limit', options.limit, 1, maxOutboxListLimit);
}

export function checkSettlement(id: number, owner: string, settlement: Settlement): void {
  count('entry id', id, 1);
  text('owner', owner, 200);
  time('settlement at', settlement.at);
  if (typeof settlement.durationMs !== 'number' || !(settlement.durationMs >= 0)) fail('settlement durationMs', 'must be a number >= 0');
  if (settlement.statusCode !== null) count('settlement statusCode', settlement.statusCode, 100, 999);
  if (settlement.error !== null && typeof settlement.error !== 'string') fail('settlement error', 'must be a string or null');
  const next = settlement.next as { state?: unknown; at?: unknown } | undefined;
  if (next?.state === 'pending') time('settlement next at', next.at);
  else if (next?.state !== 'delivered' && next?.state !== 'failed') fail('settlement next', 'must be delivered, pending or failed');
}

export function checkEntryList(options: EntryListOptions): void {
  text('endpoint', options.endpoint, 200);
  if (options.states !== undefined && !options.states.every((state) => states.has(state))) {
    fail('states', 'must be pending, delivered or failed');
  }
  if (options.since !== undefined) time('since', options.since);
  if (options.eventId !== undefined) text('eventId', options.eventId, 200);
  if (options.before !== undefined) count('before', options.before, 1);
  count('limit', options.limit, 1, maxOutboxListLimit);
}

export function checkAttemptList(options: AttemptListOptions): void {
  text('endpoint', options.endpoint, 200);
  if (options.entryId !== undefined) count('entryId', options.entryId, 1);
  if (options.before !== undefined) count('before', options.before, 1);
  count('limit', options.limit, 1, maxOutboxListLimit);
}

export function checkEndpoint(endpoint: string): void {
  text('endpoint', endpoint, 200);
}

export function checkDisabled(disabled: { at: number; reason: string } | null): void {
  if (disabled === null) return;
  time('disabled at', disabled.at);
  if (typeof disabled.reason !== 'string' || disabled.reason.length > 1000)
    fail('disabled reason', 'must be a string of at most 1000 characters');
}

export function checkPrune(options: PruneOptions): void {
  time('prune settledBefore', options.settledBefore);
  count('prune keepSettled', options.keepSettled, 0);
  count('prune keepAttempts', options.keepAttempts, 0);
}

export { count as checkCount, time as checkTime };
