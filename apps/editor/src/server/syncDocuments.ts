import { randomUUID } from 'node:crypto';
import { signToken } from '@tandem/tokens';

/** Who the app acts for on the sync server: recorded there as the author (`deletedBy`, webhooks). */
export interface SyncActor {
  id: string;
  name: string;
}

/** A deleted document the sync server keeps restorable (`GET /api/trash`). */
export interface ServerTrashEntry {
  name: string;
  title: string | null;
  deletedAt: number;
  deletedBy: string | null;
  purgeAt: number;
}

/** The sync server refused or failed a request (its status, or 503 when it could not be reached). */
export class SyncServerError extends Error {
  override name = 'SyncServerError';
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

/**
 * The sync server's documents API as the app server uses it, so there is one soft delete: the
 * sync server's (`DELETE /api/docs/{name}` keeps the content restorable, `POST …/restore`,
 * `DELETE /api/trash/{name}` purges). With auth on, each request carries a one-minute token the app
 * signs for the person it acts for, naming exactly the documents involved; in open mode none.
 */
export interface SyncDocuments {
  /** Whether the app knows where the sync server is (SYNC_SERVER_URL, or NEXT_PUBLIC_SYNC_URL as a URL). */
  readonly configured: boolean;
  /** Deletes into the sync server's trash; `stored: false` when it held nothing of the document (never edited). */
  trash(docId: string, actor: SyncActor): Promise<{ stored: boolean }>;
  /** Restores the latest deletion; `restored: false` when its trash holds none (nothing was stored, or purged). */
  restore(docId: string, actor: SyncActor): Promise<{ restored: boolean }>;
  /** Purges every deleted copy; how many (0: none there). */
  purge(docId: string, actor: SyncActor): Promise<number>;
  /** Copies `source` as it is now to `target` titled `title`; `copied: false` when the source holds nothing yet. */
  duplicate(source: string, target: string, title: string, actor: SyncActor): Promise<{ copied: boolean }>;
  /** The deleted documents matching `docs` (exact names or `prefix-*`) the sync server still keeps, by name (the latest deletion). */
  trashed(docs: readonly string[], actor: SyncActor): Promise<Map<string, ServerTrashEntry>>;
  /** Whether the sync server stores a document of that name now. */
  exists(docId: string, actor: SyncActor): Promise<boolean>;
}

const TIMEOUT_MS = 15_000;

export function createSyncDocuments(options: { httpUrl: string | null; authSecret: string | null; fetch?: typeof fetch }): SyncDocuments {
  const { httpUrl, authSecret } = options;
  const doFetch = options.fetch ?? fetch;

  const request = async (
    method: string,
    path: string,
    actor: SyncActor,
    docs: readonly string[],
    access: 'read' | 'write',
    body?: unknown,
  ): Promise<{ status: number; json: unknown }> => {
    if (httpUrl === null) {
      throw new SyncServerError(503, 'the app does not know where the sync server is: set SYNC_SERVER_URL');
    }
    const headers: Record<string, string> = {};
    if (authSecret !== null) {
      const token = await signToken({
        secret: authSecret,
        sub: actor.id,
        name: actor.name,
        docs: Object.fromEntries(docs.map((doc) => [doc, access])),
        expiresIn: 60,
        jti: randomUUID(),
      });
      headers.Authorization = `Bearer ${token}`;
    }
    if (body !== undefined) headers['Content-Type'] = 'application/json';
    let response: Response;
    try {
      response = await doFetch(`${httpUrl}${path}`, {
        method,
        headers,
        body: body === undefined ? undefined : JSON.stringify(body),
        signal: AbortSignal.timeout(TIMEOUT_MS),
        cache: 'no-store',
      });
    } catch (error) {
      throw new SyncServerError(
        503,
        `could not reach the sync server at ${httpUrl}: ${error instanceof Error ? error.message : String(error)}`,
      );
    }
    const text = await response.text();
    let json: unknown = null;
    try {
      json = text === '' ? null : JSON.parse(text);
    } catch {
      json = null;
    }
    return { status: response.status, json };
  };

  const fail = (what: string, answer: { status: number; json: unknown }): never => {
    const reason = (answer.json as { error?: unknown } | null)?.error;
    throw new SyncServerError(
      answer.status >= 500 ? 503 : 502,
      `the sync server refused to ${what} (${answer.status}${typeof reason === 'string' ? `: ${reason}` : ''})`,
    );
  };
  const path = (docId: string, rest = '') => `/api/docs/${encodeURIComponent(docId)}${rest}`;

  return {
    configured: httpUrl !== null,
    async trash(docId, actor) {
      const answer = await request('DELETE', path(docId), actor, [docId], 'write');
      if (answer.status === 200) return { stored: true };
      if (answer.status === 404) return { stored: false };
      return fail(`delete ${docId}`, answer);
    },
    async restore(docId, actor) {
      const answer = await request('POST', path(docId, '/restore'), actor, [docId], 'write');
      if (answer.status === 200) return { restored: true };
      if (answer.status === 404) return { restored: false };
      if (answer.status === 409) throw new SyncServerError(409, 'a document of that name exists again on the sync server');
      return fail(`restore ${docId}`, answer);
    },
    async purge(docId, actor) {
      const answer = await request('DELETE', `/api/trash/${encodeURIComponent(docId)}`, actor, [docId], 'write');
      if (answer.status === 200) return Number((answer.json as { purged?: unknown }).purged) || 0;
      if (answer.status === 404) return 0;
      return fail(`purge ${docId}`, answer);
    },
    async duplicate(source, target, title, actor) {
      const answer = await request('POST', path(source, '/duplicate'), actor, [source, target], 'write', { name: target, title });
      if (answer.status === 201) return { copied: true };
      if (answer.status === 404) return { copied: false };
      return fail(`copy ${source}`, answer);
    },
    async exists(docId, actor) {
      const answer = await request('GET', path(docId, '?format=text'), actor, [docId], 'read');
      if (answer.status === 200) return true;
      if (answer.status === 404) return false;
      return fail(`read ${docId}`, answer);
    },
    async trashed(docs, actor) {
      const answer = await request('GET', '/api/trash', actor, docs, 'read');
      if (answer.status !== 200) return fail('list its trash', answer);
      const entries = ((answer.json as { docs?: ServerTrashEntry[] } | null)?.docs ?? []) as ServerTrashEntry[];
      const byName = new Map<string, ServerTrashEntry>();
      // Newest first: the first entry of a name is its latest deletion, the one a restore brings back.
      for (const entry of entries) if (!byName.has(entry.name)) byName.set(entry.name, entry);
      return byName;
    },
  };
}
