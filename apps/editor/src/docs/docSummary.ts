/**
 * A document as the sync server's HTTP API describes it (`GET /api/docs`, SSE `event: doc`),
 * checked at the boundary so a malformed answer fails with a message instead of a blank list.
 */
export interface DocSummary {
  name: string;
  title: string | null;
  createdAt: number;
  updatedAt: number;
}

export interface DocPage {
  docs: DocSummary[];
  nextCursor: string | null;
}

export interface Activity {
  /** Open connections per document name (only documents with at least one). */
  connections: Map<string, number>;
}

export class ApiError extends Error {
  override name = 'ApiError';
}

function record(value: unknown, what: string): Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new ApiError(`${what} must be an object`);
  return value as Record<string, unknown>;
}

export function parseDocSummary(value: unknown): DocSummary {
  const doc = record(value, 'document metadata');
  const { name, title, createdAt, updatedAt } = doc;
  if (typeof name !== 'string' || name === '') throw new ApiError('document metadata needs a non-empty "name"');
  if (title !== null && typeof title !== 'string') throw new ApiError(`document ${name}: "title" must be a string or null`);
  if (typeof createdAt !== 'number' || typeof updatedAt !== 'number')
    throw new ApiError(`document ${name}: "createdAt" and "updatedAt" must be numbers`);
  return { name, title, createdAt, updatedAt };
}

export function parseDocPage(value: unknown): DocPage {
  const page = record(value, '/api/docs response');
  if (!Array.isArray(page.docs)) throw new ApiError('/api/docs response needs a "docs" array');
  const { nextCursor } = page;
  if (nextCursor !== null && typeof nextCursor !== 'string') throw new ApiError('/api/docs "nextCursor" must be a string or null');
  return { docs: page.docs.map(parseDocSummary), nextCursor };
}

/** The `{"docs":[{"name","connections"}]}` body of an `activity` or `activity-change` event, as pairs. */
function activityEntries(value: unknown, what: string): [string, number][] {
  const body = record(value, what);
  if (!Array.isArray(body.docs)) throw new ApiError(`${what} needs a "docs" array`);
  return body.docs.map((entry): [string, number] => {
    const { name, connections: count } = record(entry, 'activity entry');
    if (typeof name !== 'string' || typeof count !== 'number') throw new ApiError('activity entries need "name" and "connections"');
    return [name, count];
  });
}

/** The `activity` event a stream starts with: who is connected where, every document with anyone in it. */
export function parseActivity(value: unknown): Activity {
  return { connections: new Map(activityEntries(value, 'activity event').filter(([, count]) => count > 0)) };
}

/**
 * Applies an `activity-change` event (only the documents whose count changed, 0 when everyone left)
 * to the counts held so far; returns a new map.
 */
export function applyActivityChange(connections: ReadonlyMap<string, number>, value: unknown): Map<string, number> {
  const next = new Map(connections);
  for (const [name, count] of activityEntries(value, 'activity-change event')) {
    if (count > 0) next.set(name, count);
    else next.delete(name);
  }
  return next;
}

/** The `{"name"}` body of a `doc-deleted` event. */
export function parseDocDeleted(value: unknown): { name: string } {
  const { name } = record(value, 'doc-deleted event');
  if (typeof name !== 'string' || name === '') throw new ApiError('a doc-deleted event needs a non-empty "name"');
  return { name };
}
