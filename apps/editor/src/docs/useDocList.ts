'use client';

import { useCallback, useEffect, useRef, useState } from 'react';
import { type DocSummary, parseActivity, parseDocPage, parseDocSummary } from './docSummary';

export type DocListStatus = 'loading' | 'ready' | 'unreachable';

export interface DocListState {
  status: DocListStatus;
  /** Most recently edited first. */
  docs: DocSummary[];
  /** Live connection counts per document, pushed by the server. */
  activity: Map<string, number>;
  /** The live-activity stream is connected. */
  live: boolean;
  /** Why the list could not be loaded (status `unreachable`), or null. */
  error: string | null;
}

const PAGE_LIMIT = 100;
const MAX_PAGES = 10;
const RETRY_MS = 3000;

class UnauthorizedError extends Error {}

async function fetchAllDocs(httpUrl: string, signal: AbortSignal, token: string | null): Promise<DocSummary[]> {
  const docs: DocSummary[] = [];
  let cursor: string | null = null;
  for (let page = 0; page < MAX_PAGES; page++) {
    const url = new URL(`${httpUrl}/api/docs`);
    url.searchParams.set('limit', String(PAGE_LIMIT));
    if (cursor !== null) url.searchParams.set('cursor', cursor);
    const headers: Record<string, string> = token === null ? {} : { Authorization: `Bearer ${token}` };
    const response = await fetch(url, { signal, cache: 'no-store', headers });
    if (response.status === 401) throw new UnauthorizedError(`GET ${url.pathname} answered 401`);
    if (!response.ok) throw new Error(`GET ${url.pathname} answered ${response.status}`);
    const body = parseDocPage(await response.json());
    docs.push(...body.docs);
    cursor = body.nextCursor;
    if (cursor === null) break;
  }
  return docs;
}

const byLastEdit = (a: DocSummary, b: DocSummary) => b.updatedAt - a.updatedAt || a.name.localeCompare(b.name);

/**
 * The documents on the sync server (`GET /api/docs`) kept current by its Server-Sent Events
 * (`/api/events`: `activity` with who is connected where, `doc` when a document's metadata
 * changes). When the server is down it says so and keeps retrying. With auth on, `getToken`
 * supplies the bearer token (the server lists only the documents it grants) and is asked again
 * when the server answers 401 (the token expired).
 */
export function useDocList(httpUrl: string, getToken: (() => Promise<string>) | null = null): DocListState {
  const [state, setState] = useState<DocListState>({ status: 'loading', docs: [], activity: new Map(), live: false, error: null });
  const [attempt, setAttempt] = useState(0);
  const retryTimer = useRef<ReturnType<typeof setTimeout> | null>(null);
  const reload = useCallback(() => setAttempt((n) => n + 1), []);
  // undefined: still fetching one; null: no token needed (open mode).
  const [token, setToken] = useState<string | null | undefined>(getToken === null ? null : undefined);
  const [tokenRound, setTokenRound] = useState(0);
  const renewToken = useCallback(() => setTokenRound((n) => n + 1), []);

  useEffect(() => {
    if (getToken === null || tokenRound < 0) {
      setToken(null);
      return;
    }
    let cancelled = false;
    setToken(undefined);
    getToken().then(
      (fresh) => {
        if (!cancelled) setToken(fresh);
      },
      (error: unknown) => {
        if (cancelled) return;
        setState((s) => ({ ...s, status: 'unreachable', error: error instanceof Error ? error.message : String(error) }));
        retryTimer.current = setTimeout(() => setTokenRound((n) => n + 1), RETRY_MS);
      },
    );
    return () => {
      cancelled = true;
    };
  }, [getToken, tokenRound]);

  useEffect(() => {
    if (attempt < 0 || token === undefined) return; // `attempt` is a dependency on purpose: bumping it refetches
    const controller = new AbortController();
    fetchAllDocs(httpUrl, controller.signal, token).then(
      (docs) => setState((s) => ({ ...s, status: 'ready', docs: docs.sort(byLastEdit), error: null })),
      (error: unknown) => {
        if (controller.signal.aborted) return;
        if (error instanceof UnauthorizedError && token !== null) {
          renewToken();
          return;
        }
        setState((s) => ({ ...s, status: 'unreachable', error: error instanceof Error ? error.message : String(error) }));
        retryTimer.current = setTimeout(() => setAttempt((n) => n + 1), RETRY_MS);
      },
    );
    return () => {
      controller.abort();
      if (retryTimer.current !== null) clearTimeout(retryTimer.current);
    };
  }, [httpUrl, attempt, token, renewToken]);

  useEffect(() => {
    if (token === undefined) return;
    const events = new EventSource(`${httpUrl}/api/events${token === null ? '' : `?token=${encodeURIComponent(token)}`}`);
    let wasLive = false;
    events.addEventListener('open', () => {
      setState((s) => ({ ...s, live: true }));
      // Catch up on what changed while the stream was down.
      if (wasLive) reload();
      wasLive = true;
    });
    events.addEventListener('error', () => {
      setState((s) => ({ ...s, live: false }));
      // EventSource gives up on an HTTP error (e.g. 401 once the token expired): get a new token.
      if (events.readyState === EventSource.CLOSED && token !== null) renewToken();
    });
    events.addEventListener('activity', (event) => {
      const { connections } = parseActivity(JSON.parse((event as MessageEvent<string>).data));
      setState((s) => ({ ...s, activity: connections }));
    });
    events.addEventListener('doc', (event) => {
      const doc = parseDocSummary(JSON.parse((event as MessageEvent<string>).data));
      setState((s) => ({ ...s, docs: [doc, ...s.docs.filter((d) => d.name !== doc.name)].sort(byLastEdit) }));
    });
    return () => events.close();
  }, [httpUrl, reload, token, renewToken]);

  return state;
}
