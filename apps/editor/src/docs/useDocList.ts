'use client';

import { isAccessDenied } from '@tandem/editor-react';
import { useCallback, useEffect, useRef, useState } from 'react';
import { applyActivityChange, type DocSummary, parseActivity, parseDocDeleted, parseDocPage, parseDocSummary } from './docSummary';

/**
 * `unreachable`: the sync server did not answer (or failed); retried. `auth-error`: it answered,
 * but refused the sign-in (401/403 even with a fresh token), or the app's token service refused
 * or failed; `error` says which.
 */
export type DocListStatus = 'loading' | 'ready' | 'unreachable' | 'auth-error';

export interface DocListState {
  status: DocListStatus;
  /** Most recently edited first. */
  docs: DocSummary[];
  /** Live connection counts per document, pushed by the server. */
  activity: Map<string, number>;
  /** Documents the server said were deleted while this page was open (until it lists them again: restored). */
  deleted: ReadonlySet<string>;
  /** How many times the server said this person's access changed (a fresh token was fetched each time). */
  accessChanges: number;
  /** The list is current: the live-activity stream is connected (or there is nothing it could show). */
  live: boolean;
  /** Why the list could not be loaded (status `unreachable` or `auth-error`), or null. */
  error: string | null;
}

export interface DocList extends DocListState {
  /** Asks the sync server for the list again (after a change made elsewhere, e.g. a share, which the stream does not tell). */
  reload: () => void;
}

/**
 * Where the list comes from. `open`: the server needs no token. `signed-in`: every request carries
 * a token from `getToken` (the server lists only the documents it grants). `nothing`: auth is on,
 * nobody is signed in and this browser holds no grants, so no token could show anything: the list
 * is empty without asking the server. `waiting`: auth is on and a token cannot be had yet (the
 * identity is still being read, or a name is still to be picked): nothing is requested.
 */
export type DocListSource =
  | { kind: 'open' }
  | { kind: 'signed-in'; getToken: () => Promise<string> }
  | { kind: 'nothing' }
  | { kind: 'waiting' };

const PAGE_LIMIT = 100;
const MAX_PAGES = 10;
const RETRY_MS = 3000;

/** The server answered 401 or 403: a sign-in problem, not an unreachable server. */
class RefusedError extends Error {
  constructor(readonly status: number) {
    super(`the sync server answered ${status}`);
  }
}

/** The token requests are made with: `value` null in open mode; `renewed` after the server refused the previous one. */
interface ListToken {
  value: string | null;
  renewed: boolean;
}

async function fetchAllDocs(httpUrl: string, signal: AbortSignal, token: string | null): Promise<DocSummary[]> {
  const docs: DocSummary[] = [];
  let cursor: string | null = null;
  for (let page = 0; page < MAX_PAGES; page++) {
    const url = new URL(`${httpUrl}/api/docs`);
    url.searchParams.set('limit', String(PAGE_LIMIT));
    if (cursor !== null) url.searchParams.set('cursor', cursor);
    const headers: Record<string, string> = token === null ? {} : { Authorization: `Bearer ${token}` };
    const response = await fetch(url, { signal, cache: 'no-store', headers });
    if (response.status === 401 || response.status === 403) throw new RefusedError(response.status);
    if (!response.ok) throw new Error(`GET ${url.pathname} answered ${response.status}`);
    const body = parseDocPage(await response.json());
    docs.push(...body.docs);
    cursor = body.nextCursor;
    if (cursor === null) break;
  }
  return docs;
}

/** `deleted` without the documents listed again (restored since). */
function without(deleted: ReadonlySet<string>, listed: readonly DocSummary[]): ReadonlySet<string> {
  if (deleted.size === 0 || !listed.some((doc) => deleted.has(doc.name))) return deleted;
  const left = new Set(deleted);
  for (const doc of listed) left.delete(doc.name);
  return left;
}

const byLastEdit = (a: DocSummary, b: DocSummary) => b.updatedAt - a.updatedAt || a.name.localeCompare(b.name);
const messageOf = (error: unknown) => (error instanceof Error ? error.message : String(error));

function refusalMessage(token: ListToken, why: string): string {
  return token.value === null
    ? `The sync server requires sign-in (${why}), but this app runs in open mode: give it the server's AUTH_SECRET.`
    : `The sync server did not accept this browser's sign-in (${why}), even with a fresh token. Does the app's AUTH_SECRET match the server's?`;
}

/**
 * The documents on the sync server (`GET /api/docs`) kept current by its Server-Sent Events
 * (`/api/events`: `activity` with who is connected where on connect, then `activity-change` with
 * the documents whose count changed, `doc` when a document's metadata changes, `doc-deleted` when
 * one is deleted: it leaves `docs` and joins `deleted`; `access-changed` when the revocations naming
 * this person changed: a fresh token, and the list again). When the server
 * is down it says so and keeps retrying. With auth on, nothing is requested without a token; a
 * 401/403 gets one fresh token (the old one may have expired), and a refusal of that one is
 * reported as a sign-in problem (`auth-error`), never as "unreachable". `source` must keep its
 * identity between renders (memoize it).
 */
export function useDocList(httpUrl: string, source: DocListSource): DocList {
  const [state, setState] = useState<DocListState>({
    status: 'loading',
    docs: [],
    activity: new Map(),
    deleted: new Set(),
    accessChanges: 0,
    live: false,
    error: null,
  });
  const [attempt, setAttempt] = useState(0);
  const reload = useCallback(() => setAttempt((n) => n + 1), []);
  const [token, setToken] = useState<ListToken | undefined>(undefined);
  const [tokenRound, setTokenRound] = useState({ n: 0, renewed: false });
  // Tokens the server accepted at least once: refused later, they have expired and are renewed.
  const worked = useRef(new WeakSet<ListToken>());

  const refused = useCallback((by: ListToken, why: string) => {
    if (by.value !== null && (!by.renewed || worked.current.has(by))) {
      setTokenRound((round) => ({ n: round.n + 1, renewed: true }));
      return;
    }
    setState((s) => ({ ...s, status: 'auth-error', live: false, error: refusalMessage(by, why) }));
  }, []);

  useEffect(() => {
    setToken(undefined);
    if (source.kind === 'open') {
      setToken({ value: null, renewed: false });
      return;
    }
    if (source.kind === 'nothing') {
      setState((s) => ({ ...s, status: 'ready', docs: [], activity: new Map(), deleted: new Set(), live: true, error: null }));
      return;
    }
    if (source.kind === 'waiting') {
      setState((s) => (s.status === 'loading' ? s : { ...s, status: 'loading', live: false, error: null }));
      return;
    }
    let cancelled = false;
    let retry: ReturnType<typeof setTimeout> | undefined;
    source.getToken().then(
      (value) => {
        if (!cancelled) setToken({ value, renewed: tokenRound.renewed });
      },
      (error: unknown) => {
        if (cancelled) return;
        setState((s) => ({ ...s, status: 'auth-error', live: false, error: `Could not sign in to the sync server: ${messageOf(error)}` }));
        // A refusal from the token service is final; a failure (network, 5xx) is retried.
        if (!isAccessDenied(error)) retry = setTimeout(() => setTokenRound((round) => ({ ...round, n: round.n + 1 })), RETRY_MS);
      },
    );
    return () => {
      cancelled = true;
      clearTimeout(retry);
    };
  }, [source, tokenRound]);

  useEffect(() => {
    if (attempt < 0 || token === undefined) return; // `attempt` is a dependency on purpose: bumping it refetches
    const controller = new AbortController();
    let retry: ReturnType<typeof setTimeout> | undefined;
    fetchAllDocs(httpUrl, controller.signal, token.value).then(
      (docs) => {
        worked.current.add(token);
        setState((s) => ({ ...s, status: 'ready', docs: docs.sort(byLastEdit), deleted: without(s.deleted, docs), error: null }));
      },
      (error: unknown) => {
        if (controller.signal.aborted) return;
        if (error instanceof RefusedError) {
          refused(token, `HTTP ${error.status}`);
          return;
        }
        setState((s) => ({ ...s, status: 'unreachable', error: messageOf(error) }));
        retry = setTimeout(reload, RETRY_MS);
      },
    );
    return () => {
      controller.abort();
      clearTimeout(retry);
    };
  }, [httpUrl, attempt, token, refused, reload]);

  useEffect(() => {
    if (token === undefined) return;
    const events = new EventSource(`${httpUrl}/api/events${token.value === null ? '' : `?token=${encodeURIComponent(token.value)}`}`);
    let wasLive = false;
    events.addEventListener('open', () => {
      worked.current.add(token);
      setState((s) => ({ ...s, live: true }));
      // Catch up on what changed while the stream was down.
      if (wasLive) reload();
      wasLive = true;
    });
    events.addEventListener('error', () => {
      setState((s) => ({ ...s, live: false }));
      // EventSource gives up on an HTTP error (e.g. 401 once the token expired); on a network error it retries itself.
      if (events.readyState === EventSource.CLOSED && token.value !== null) refused(token, 'live updates refused');
    });
    events.addEventListener('activity', (event) => {
      const { connections } = parseActivity(JSON.parse((event as MessageEvent<string>).data));
      setState((s) => ({ ...s, activity: connections }));
    });
    // After the snapshot above, only the documents whose count changed.
    events.addEventListener('activity-change', (event) => {
      const data: unknown = JSON.parse((event as MessageEvent<string>).data);
      setState((s) => ({ ...s, activity: applyActivityChange(s.activity, data) }));
    });
    events.addEventListener('doc', (event) => {
      const doc = parseDocSummary(JSON.parse((event as MessageEvent<string>).data));
      setState((s) => ({
        ...s,
        docs: [doc, ...s.docs.filter((d) => d.name !== doc.name)].sort(byLastEdit),
        deleted: without(s.deleted, [doc]),
      }));
    });
    // The revocations naming this person changed: what the token lists may have too. A fresh one, and the lists again.
    events.addEventListener('access-changed', () => {
      setState((s) => ({ ...s, accessChanges: s.accessChanges + 1 }));
      if (token.value !== null) setTokenRound((round) => ({ n: round.n + 1, renewed: false }));
    });
    events.addEventListener('doc-deleted', (event) => {
      const { name } = parseDocDeleted(JSON.parse((event as MessageEvent<string>).data));
      setState((s) => ({ ...s, docs: s.docs.filter((d) => d.name !== name), deleted: new Set([...s.deleted, name]) }));
    });
    return () => events.close();
  }, [httpUrl, reload, token, refused]);

  return { ...state, reload };
}
