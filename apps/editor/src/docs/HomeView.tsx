'use client';

import Link from 'next/link';
import { useRouter } from 'next/navigation';
import { useCallback, useEffect, useMemo, useState } from 'react';
import { useAccount } from '@/account/AccountProvider';
import { fetchToken } from '@/auth/tokenClient';
import { useSyncConfig } from '@/config/SyncConfigProvider';
import { markCreated } from '@/document/createdDocument';
import { useDeviceDocs } from '@/offline/useDeviceDocs';
import { AppHeader } from '@/shell/AppHeader';
import { appRequest, documentPath } from './appRequest';
import { DocRow } from './DocRow';
import { type HomeTab, HomeToolbar } from './HomeToolbar';
import { type HomeRow, type HomeSort, homeRows, shownRows } from './homeRows';
import { ImportButton } from './ImportButton';
import { TrashList } from './TrashList';
import { type DocListSource, useDocList } from './useDocList';
import { useWorkspaceDocs } from './useWorkspaceDocs';
import './home.css';
import '@/shell/iconButton.css';

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

type Notice = { text: string; undo?: string; open?: string } | null;
const REFRESH_MS = 60_000;

/**
 * The home page: every document the signed-in person can open, on any device (the app's records of
 * their workspace's documents and those shared with them, joined with the sync server's live titles,
 * last edits and "2 people editing"), searchable by title, filtered (all, mine, shared with me),
 * sorted; a copy or the trash one click away, and the trash itself.
 */
export function HomeView() {
  const { httpUrl, auth } = useSyncConfig();
  const account = useAccount();
  // Guests open what is shared with them; only members create documents in the workspace.
  const creates = account?.role !== null && account?.role !== undefined && account.role !== 'guest';
  const getToken = useCallback(async () => (await fetchToken()).token, []);
  const source = useMemo<DocListSource>(() => (auth ? { kind: 'signed-in', getToken } : { kind: 'open' }), [auth, getToken]);
  const list = useDocList(httpUrl, source);
  const app = useWorkspaceDocs();
  const device = useDeviceDocs();
  const router = useRouter();
  const now = useNow();
  const [tab, setTab] = useState<HomeTab>('all');
  const [query, setQuery] = useState('');
  const [sort, setSort] = useState<HomeSort>('edited');
  const [notice, setNotice] = useState<Notice>(null);
  const [failure, setFailure] = useState<string | null>(null);

  const rows = homeRows({
    docs: list.docs,
    activity: list.activity,
    ready: list.status === 'ready',
    app: app.docs,
    trashed: list.deleted.size === 0 ? app.trashed : new Set([...app.trashed, ...list.deleted]),
    device,
  });
  const shown = tab === 'trash' ? [] : shownRows(rows, { filter: tab, query, sort });
  const editingNow = rows.filter((r) => r.editors > 0).length;
  const ready = list.status === 'ready' || app.docs !== null;

  // The sync server told of a document the app's list does not have yet (someone else made it): ask again.
  const known = new Set((app.docs ?? []).map((doc) => doc.id));
  const unknown = app.docs !== null && list.docs.some((doc) => !known.has(doc.name));
  const { refresh: refreshApp } = app;
  useEffect(() => {
    if (!unknown) return;
    const timer = setTimeout(refreshApp, 1000);
    return () => clearTimeout(timer);
  }, [unknown, refreshApp]);
  // Deleted elsewhere, or this person's access changed (the stream says so at once): the app's list again.
  const deletedNow = list.deleted.size;
  const { accessChanges } = list;
  useEffect(() => {
    if (deletedNow > 0 || accessChanges > 0) refreshApp();
  }, [deletedNow, accessChanges, refreshApp]);
  // Both lists again after a change, when the tab comes back into view, and every minute: the
  // stream tells of new, edited and deleted documents, not of those shared elsewhere.
  const { reload: reloadList } = list;
  const refresh = useCallback(() => {
    refreshApp();
    reloadList();
  }, [refreshApp, reloadList]);
  useEffect(() => {
    const visible = () => {
      if (document.visibilityState === 'visible') refresh();
    };
    document.addEventListener('visibilitychange', visible);
    const timer = setInterval(visible, REFRESH_MS);
    return () => {
      document.removeEventListener('visibilitychange', visible);
      clearInterval(timer);
    };
  }, [refresh]);

  const run = async (what: string, action: () => Promise<void>) => {
    setFailure(null);
    try {
      await action();
    } catch (error) {
      setFailure(`${what}: ${error instanceof Error ? error.message : String(error)}`);
    }
  };

  // The app picks the id in the workspace and records who created it.
  const create = () =>
    run('Could not create a document', async () => {
      const { docId } = await appRequest<{ docId: string }>('POST', '/api/documents');
      markCreated(docId);
      router.push(`/d/${encodeURIComponent(docId)}`);
    });
  const duplicate = (row: HomeRow) =>
    run('Could not make a copy', async () => {
      const title = `Copy of ${row.title?.trim() || 'Untitled'}`;
      const { docId } = await appRequest<{ docId: string }>('POST', documentPath(row.name, '/duplicate'), { title });
      setNotice({ text: `Made “${title}”.`, open: docId });
      refresh();
    });
  const trash = (row: HomeRow) =>
    run('Could not move it to the trash', async () => {
      await appRequest('POST', documentPath(row.name, '/trash'));
      setNotice({ text: `Moved “${row.title?.trim() || 'Untitled'}” to the trash.`, undo: row.name });
      refresh();
    });
  const undo = (docId: string) =>
    run('Could not restore it', async () => {
      await appRequest('POST', documentPath(docId, '/restore'));
      setNotice({ text: 'Restored.' });
      refresh();
    });

  const heading = { all: 'All documents', mine: 'Created by you', shared: 'Shared with you', trash: 'Trash' }[tab];
  return (
    <>
      <AppHeader />
      <main className="home">
        <section className="home__intro">
          <div>
            <h1 className="home__title">Documents</h1>
            <p className="home__lead">
              Write together in real time. Everything is saved on the server as you type, and keeps working offline.
            </p>
          </div>
          <div className="home__actions">
            {creates && <ImportButton />}
            {creates && (
              <button type="button" className="button button--primary button--large" onClick={create} data-testid="new-document">
                <svg
                  width="16"
                  height="16"
                  viewBox="0 0 24 24"
                  fill="none"
                  stroke="currentColor"
                  strokeWidth="2.4"
                  strokeLinecap="round"
                  aria-hidden="true"
                >
                  <path d="M12 5v14M5 12h14" />
                </svg>
                New document
              </button>
            )}
          </div>
        </section>

        <HomeToolbar tab={tab} onTab={setTab} query={query} onQuery={setQuery} sort={sort} onSort={setSort} showTrash={creates} />

        <div className="home__notices" aria-live="polite">
          {notice !== null && (
            <p className="home-notice" data-testid="home-notice">
              {notice.text}
              {notice.undo !== undefined && (
                <button type="button" className="link-button" onClick={() => undo(notice.undo as string)} data-testid="home-notice-undo">
                  Undo
                </button>
              )}
              {notice.open !== undefined && (
                <Link href={`/d/${encodeURIComponent(notice.open)}`} className="link-button" data-testid="home-notice-open">
                  Open it
                </Link>
              )}
            </p>
          )}
        </div>
        {failure !== null && (
          <div className="notice notice--offline" role="alert" data-testid="create-error">
            {failure}
          </div>
        )}

        <section className="doc-list" aria-labelledby="doc-list-heading" data-testid="doc-list" data-status={list.status}>
          <header className="doc-list__header">
            <h2 id="doc-list-heading" className="doc-list__heading">
              {heading}
              {tab !== 'trash' && ready && <span className="doc-list__count">{shown.length}</span>}
            </h2>
            <span className="live-indicator" data-live={list.live || undefined} data-testid="live-indicator">
              <span className="live-indicator__dot" aria-hidden="true" />
              {list.live
                ? editingNow > 0
                  ? `${editingNow} ${editingNow === 1 ? 'document' : 'documents'} being edited now`
                  : 'Live'
                : list.status === 'auth-error'
                  ? 'Not signed in'
                  : 'Reconnecting…'}
            </span>
          </header>

          {list.status === 'unreachable' && (
            <div className="notice notice--offline" role="status" data-testid="server-offline">
              <strong>Can't reach the sync server</strong> at <code>{httpUrl}</code>. Retrying… You can still open documents you have
              visited on this device.
            </div>
          )}

          {list.status === 'auth-error' && (
            <div className="notice notice--offline" role="alert" data-testid="list-auth-error">
              <strong>Signing in to the sync server failed.</strong> {list.error}
            </div>
          )}

          {tab === 'trash' ? (
            <TrashList
              now={now}
              onChanged={(text) => {
                setNotice({ text });
                refresh();
              }}
            />
          ) : (
            <>
              {!ready && (
                <ul className="doc-list__rows" aria-busy="true">
                  {[0, 1, 2].map((i) => (
                    <li key={i} className="doc-row doc-row--skeleton" />
                  ))}
                </ul>
              )}
              {ready && shown.length === 0 && (
                <div className="empty" data-testid="doc-list-empty">
                  {rows.length === 0 ? (
                    <>
                      <p className="empty__title">No documents yet</p>
                      <p className="empty__lead">
                        {creates
                          ? 'Create one: everyone in the workspace can open it, on any device.'
                          : 'Documents shared with you will be listed here, on any device you sign in on.'}
                      </p>
                    </>
                  ) : (
                    <p className="empty__title">
                      {query.trim() !== '' ? `No document titled like “${query.trim()}” here` : 'Nothing here yet'}
                    </p>
                  )}
                </div>
              )}
              {shown.length > 0 && (
                <ul className="doc-list__rows">
                  {shown.map((row) => (
                    <DocRow
                      key={row.name}
                      row={row}
                      now={now}
                      onDuplicate={creates && row.access !== null ? duplicate : null}
                      onTrash={row.canDelete ? trash : null}
                    />
                  ))}
                </ul>
              )}
            </>
          )}
        </section>
      </main>
    </>
  );
}
