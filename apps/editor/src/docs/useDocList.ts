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

async function fetchAllDocs(httpUrl: string, signal: AbortSignal): Promise<DocSummary[]> {
  const docs: DocSummary[] = [];
  let cursor: string | null = null;
  for (let page = 0; page < MAX_PAGES; page++) {
    const url = new URL(`${httpUrl}/api/docs`);
    url.searchParams.set('limit', String(PAGE_LIMIT));
    if (cursor !== null) url.searchParams.set('cursor', cursor);
    const response = await fetch(url, { signal, cache: 'no-store' });
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
 * changes). When the server is down it says so and keeps retrying.
 */
export function useDocList(httpUrl: string): DocListState {
  const [state, setState] = useState<DocListState>({ status: 'loading', docs: [], activity: new Map(), live: false, error: null });
  const [attempt, setAttempt] = useState(0);
  const retryTimer = useRef<ReturnType<typeof setTimeout> | null>(null);
  const reload = useCallback(() => setAttempt((n) => n + 1), []);

  useEffect(() => {
    if (attempt < 0) return; // `attempt` is a dependency on purpose: bumping it refetches
    const controller = new AbortController();
    fetchAllDocs(httpUrl, controller.signal).then(
      (docs) => setState((s) => ({ ...s, status: 'ready', docs: docs.sort(byLastEdit), error: null })),
      (error: unknown) => {
        if (controller.signal.aborted) return;
        setState((s) => ({ ...s, status: 'unreachable', error: error instanceof Error ? error.message : String(error) }));
        retryTimer.current = setTimeout(() => setAttempt((n) => n + 1), RETRY_MS);
      },
    );
    return () => {
      controller.abort();
      if (retryTimer.current !== null) clearTimeout(retryTimer.current);
    };
  }, [httpUrl, attempt]);

  useEffect(() => {
    const events = new EventSource(`${httpUrl}/api/events`);
    let wasLive = false;
    events.addEventListener('open', () => {
      setState((s) => ({ ...s, live: true }));
      // Catch up on what changed while the stream was down.
      if (wasLive) reload();
      wasLive = true;
    });
    events.addEventListener('error', () => setState((s) => ({ ...s, live: false })));
    events.addEventListener('activity', (event) => {
      const { connections } = parseActivity(JSON.parse((event as MessageEvent<string>).data));
      setState((s) => ({ ...s, activity: connections }));
    });
    events.addEventListener('doc', (event) => {
      const doc = parseDocSummary(JSON.parse((event as MessageEvent<string>).data));
      setState((s) => ({ ...s, docs: [doc, ...s.docs.filter((d) => d.name !== doc.name)].sort(byLastEdit) }));
    });
    return () => events.close();
  }, [httpUrl, reload]);

  return state;
}
