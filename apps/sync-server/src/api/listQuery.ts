import type { DocMeta } from '@tandem/persistence';
import { isValidDocName } from '@tandem/protocol';
import { HttpError } from '../httpError.js';

/** `GET /api/docs`'s query: paging, and the filters on title and time. */
export interface ListQuery {
  cursor: string | null;
  limit: number | undefined;
  /** Keeps a doc (besides access): null when no filter is asked for. */
  matches: ((doc: DocMeta) => boolean) | null;
}

function parseLimit(raw: string | null): number | undefined {
  if (raw === null || raw === '') return undefined;
  const limit = /^\d+$/.test(raw) ? Number(raw) : Number.NaN;
  if (!Number.isInteger(limit) || limit < 1 || limit > 1000)
    throw new HttpError(400, `"limit" must be an integer 1..1000, got ${JSON.stringify(raw)}`);
  return limit;
}

function parseCursor(raw: string | null): string | null {
  if (raw === null || raw === '') return null;
  // Sealed cursors (filtered listings) carry a store cursor and a doc name: up to about 2,600 characters.
  if (!/^[A-Za-z0-9_-]{1,4000}$/.test(raw)) throw new HttpError(400, `invalid cursor ${JSON.stringify(raw)}`);
  return raw;
}

/** Epoch milliseconds, or an ISO 8601 date or time. */
function parseTime(raw: string | null): number | null {
  if (raw === null || raw === '') return null;
  const time = /^\d+$/.test(raw) ? Number(raw) : Date.parse(raw);
  if (!Number.isFinite(time)) {
    throw new HttpError(
      400,
      `"updatedSince" must be epoch milliseconds or an ISO 8601 time (2025-01-31T12:00:00Z), got ${JSON.stringify(raw)}`,
    );
  }
  return time;
}

export function parseListQuery(url: URL): ListQuery {
  const params = url.searchParams;
  const titleContains = params.get('titleContains');
  if (titleContains !== null && (titleContains === '' || titleContains.length > 200)) {
    throw new HttpError(400, '"titleContains" must be 1..200 characters');
  }
  const updatedSince = parseTime(params.get('updatedSince'));
  const needle = titleContains?.toLocaleLowerCase() ?? null;
  const filtered = needle !== null || updatedSince !== null;
  return {
    cursor: parseCursor(params.get('cursor')),
    limit: parseLimit(params.get('limit')),
    matches: filtered
      ? (doc) =>
          (needle === null || (doc.title ?? '').toLocaleLowerCase().includes(needle)) &&
          (updatedSince === null || doc.updatedAt >= updatedSince)
      : null,
  };
}

/** The store also holds what is no document (the trash: `~trash…`); listings leave it out. */
export const isDocument = (doc: DocMeta): boolean => isValidDocName(doc.name);
