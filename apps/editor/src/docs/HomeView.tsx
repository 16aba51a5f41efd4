'use client';

import Link from 'next/link';
import { useRouter } from 'next/navigation';
import { useCallback, useEffect, useMemo, useState } from 'react';
import { forgetGrant, grantsOf, loadKeyring, saveGrant } from '@/auth/keyring';
import { fetchToken } from '@/auth/tokenClient';
import { markCreated } from '@/document/createdDocument';
import { useSyncConfig } from '@/config/SyncConfigProvider';
import { useIdentity } from '@/identity/IdentityProvider';
import { AppHeader } from '@/shell/AppHeader';
import { newDocId } from './newDocId';
import { relativeTime } from './relativeTime';
import { type DocListSource, type DocListState, useDocList } from './useDocList';

/** Re-render every so often so "5 minutes ago" stays true. */
function useNow(intervalMs = 30_000): number | null {
  const [now, setNow] = useState<number | null>(null);
  useEffect(() => {
    setNow(Date.now());
    const timer = setInterval(() => setNow(Date.now()), intervalMs);
    return () => clearInterval(timer);
  }, [intervalMs]);
  return now;
}

interface Row {
  name: string;
  title: string | null;
  updatedAt: number | null;
  editors: number;
}

function rowsOf({ docs, activity }: DocListState): Row[] {
  const rows: Row[] = docs.map((d) => ({ name: d.name, title: d.title, updatedAt: d.updatedAt, editors: activity.get(d.name) ?? 0 }));
  const known = new Set(docs.map((d) => d.name));
  // Documents open right now that have not been stored yet still show up, at the top.
  const fresh = [...activity].filter(([name]) => !known.has(name)).map(([name, editors]) => ({ name, title: null, updatedAt: null, editors }));
  return [...fresh, ...rows];
}

export function HomeView() {
  const { httpUrl, auth } = useSyncConfig();
  const { identity } = useIdentity();
  const name = identity?.name ?? null;
  // With auth on, the list shows the documents this browser holds share grants for.
  const getToken = useCallback(async () => {
    if (name === null) throw new Error('pick a name first');
    const response = await fetchToken(name, grantsOf(loadKeyring()).slice(0, 100), { skipInvalid: true });
    for (const docId of response.rejected) forgetGrant(docId);
    return response.token;
  }, [name]);
  // With auth on, nothing is asked of the server without a token. Before a name is picked there is
  // none; if this browser holds no grants either, the list is known to be empty.
  const identityRead = identity !== undefined;
  const holdsGrants = identityRead && name === null && grantsOf(loadKeyring()).length > 0;
  const source = useMemo<DocListSource>(() => {
    if (!auth) return { kind: 'open' };
    if (!identityRead) return { kind: 'waiting' };
    if (name === null) return holdsGrants ? { kind: 'waiting' } : { kind: 'nothing' };
    return { kind: 'signed-in', getToken };
  }, [auth, identityRead, name, holdsGrants, getToken]);
  const list = useDocList(httpUrl, source);
  const router = useRouter();
  const now = useNow();
  const rows = rowsOf(list);
  const editingNow = rows.filter((r) => r.editors > 0).length;
  const [createError, setCreateError] = useState<string | null>(null);

  const create = async () => {
    if (!auth) {
      const docId = newDocId();
      markCreated(docId);
      router.push(`/d/${docId}`);
      return;
    }
    // The app picks the id and hands us its edit grant.
    try {
      const response = await fetch('/api/documents', { method: 'POST', cache: 'no-store' });
      if (!response.ok) throw new Error(`the app answered ${response.status}`);
      const { docId, grant } = (await response.json()) as { docId: string; grant: { docId: string; access: 'edit'; sig: string } | null };
      if (grant !== null) saveGrant(grant);
      markCreated(docId);
      router.push(`/d/${encodeURIComponent(docId)}`);
    } catch (error) {
      setCreateError(`Could not create a document: ${error instanceof Error ? error.message : String(error)}`);
    }
  };

  return (
    <>
      <AppHeader />
      <main className="home">
        <section className="home__intro">
          <div>
            <h1 className="home__title">Documents</h1>
            <p className="home__lead">Write together in real time. Everything is saved on the server as you type, and keeps working offline.</p>
          </div>
          <button type="button" className="button button--primary button--large" onClick={create} data-testid="new-document">
            <svg width="16" height="16" viewBox="0 0 24 24" fill="none" stroke="currentColor" strokeWidth="2.4" strokeLinecap="round" aria-hidden="true">
              <path d="M12 5v14M5 12h14" />
            </svg>
            New document
          </button>
        </section>

        <section className="doc-list" aria-labelledby="doc-list-heading" data-testid="doc-list" data-status={list.status}>
          <header className="doc-list__header">
            <h2 id="doc-list-heading" className="doc-list__heading">
              All documents
              {list.status === 'ready' && <span className="doc-list__count">{rows.length}</span>}
            </h2>
            <span className="live-indicator" data-live={list.live || undefined} data-testid="live-indicator">
              <span className="live-indicator__dot" aria-hidden="true" />
              {list.live ? (editingNow > 0 ? `${editingNow} ${editingNow === 1 ? 'document' : 'documents'} being edited now` : 'Live') : list.status === 'auth-error' ? 'Not signed in' : 'Reconnecting…'}
            </span>
          </header>

          {createError !== null && (
            <div className="notice notice--offline" role="alert" data-testid="create-error">
              {createError}
            </div>
          )}

          {list.status === 'unreachable' && (
            <div className="notice notice--offline" role="status" data-testid="server-offline">
              <strong>Can't reach the sync server</strong> at <code>{httpUrl}</code>. Retrying… You can still open documents you
              have visited on this device.
            </div>
          )}

          {list.status === 'auth-error' && (
            <div className="notice notice--offline" role="alert" data-testid="list-auth-error">
              <strong>Signing in to the sync server failed.</strong> {list.error}
            </div>
          )}

          {list.status === 'loading' && (
            <ul className="doc-list__rows" aria-busy="true">
              {[0, 1, 2].map((i) => (
                <li key={i} className="doc-row doc-row--skeleton" />
              ))}
            </ul>
          )}

          {list.status === 'ready' && rows.length === 0 && (
            <div className="empty" data-testid="doc-list-empty">
              <p className="empty__title">No documents yet</p>
              <p className="empty__lead">
                {auth ? 'Create one, or open a link someone shared with you. Documents you can open on this device are listed here.' : 'Create one and share its link to write together.'}
              </p>
            </div>
          )}

          {rows.length > 0 && (
            <ul className="doc-list__rows">
              {rows.map((row) => (
                <li key={row.name}>
                  <Link href={`/d/${encodeURIComponent(row.name)}`} className="doc-row" data-testid="doc-row" data-doc={row.name}>
                    <span className="doc-row__icon">
                      <svg width="18" height="18" viewBox="0 0 24 24" fill="none" stroke="currentColor" strokeWidth="1.8" strokeLinecap="round" strokeLinejoin="round" aria-hidden="true">
                        <path d="M14 2H6a2 2 0 0 0-2 2v16a2 2 0 0 0 2 2h12a2 2 0 0 0 2-2V8z" />
                        <path d="M14 2v6h6M16 13H8M16 17H8M10 9H8" />
                      </svg>
                    </span>
                    <span className="doc-row__text">
                      <span className={`doc-row__title${row.title ? '' : ' doc-row__title--untitled'}`} data-testid="doc-row-title">
                        {row.title || 'Untitled'}
                      </span>
                      <span className="doc-row__meta">
                        {row.updatedAt === null ? 'New' : `Edited ${now === null ? '' : relativeTime(row.updatedAt, now)}`}
                      </span>
                    </span>
                    {row.editors > 0 && (
                      <span className="doc-row__live" data-testid="doc-row-activity" data-editors={row.editors}>
                        <span className="doc-row__live-dot" aria-hidden="true" />
                        {row.editors === 1 ? '1 person editing' : `${row.editors} people editing`}
                      </span>
                    )}
                  </Link>
                </li>
              ))}
            </ul>
          )}
        </section>
      </main>
    </>
  );
}
