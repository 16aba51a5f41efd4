'use client';

import { useCallback, useEffect, useRef, useState } from 'react';
import type { ListedDocument } from '@/workspace/documentList';
import { appRequest } from './appRequest';

/**
 * The app's list of the documents the signed-in person can open (`GET /api/documents`), and the
 * names of those in the trash: fetched on load and on `refresh()` (after a change, when the tab
 * comes back into view, when the sync server tells of a document the list does not have yet). null
 * until it arrives, and kept as it was when a refresh fails (offline).
 */
export function useWorkspaceDocs(): {
  docs: ListedDocument[] | null;
  trashed: ReadonlySet<string>;
  error: string | null;
  refresh: () => void;
} {
  const [docs, setDocs] = useState<ListedDocument[] | null>(null);
  const [trashed, setTrashed] = useState<ReadonlySet<string>>(new Set());
  const [error, setError] = useState<string | null>(null);
  const [round, setRound] = useState(0);
  const refresh = useCallback(() => setRound((n) => n + 1), []);
  const latest = useRef(0);

  useEffect(() => {
    if (round < 0) return; // `round` is a dependency on purpose: bumping it fetches again
    const asked = ++latest.current;
    appRequest<{ docs: ListedDocument[]; trashed: string[] }>('GET', '/api/documents').then(
      (answer) => {
        if (asked !== latest.current) return;
        setDocs(answer.docs);
        setTrashed(new Set(answer.trashed));
        setError(null);
      },
      (failure: unknown) => {
        if (asked === latest.current) setError(failure instanceof Error ? failure.message : String(failure));
      },
    );
  }, [round]);

  return { docs, trashed, error, refresh };
}
