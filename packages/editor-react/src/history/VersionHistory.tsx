import { type FormEvent, useCallback, useEffect, useId, useMemo, useRef, useState } from 'react';
import type { WebsocketProvider } from 'y-websocket';
import type * as Y from 'yjs';
import { applyRestore } from './applyRestore.js';
import { authorColors } from './authorColors.js';
import { authorNames } from './authorNames.js';
import { createHistoryApi, type VersionInfo } from './historyApi.js';
import { RestoreDialog } from './RestoreDialog.js';
import { type Shown, ShownVersion } from './ShownVersion.js';
import { VersionList } from './VersionList.js';
import { versionLabel, versionTime } from './versionLabel.js';

export interface VersionHistoryProps {
  docId: string;
  /** The sync server's WebSocket URL (the history API is on the same host and port). */
  serverUrl: string;
  getToken?: () => Promise<string>;
  /** The live document: its collaborators' colours, and where a restore is applied as your own change. */
  doc: Y.Doc | null;
  /** Reconnected (so it syncs again) if a restore's answer is lost on the way. */
  provider?: WebsocketProvider | null;
  /** Naming and restoring need write access; readers can browse, preview and compare. */
  canEdit: boolean;
  onClose: () => void;
}

/**
 * The version history of a document: its versions by day (time, name, who changed it since the
 * version before); a click previews one read-only, "Compare with current" shows what changed since
 * in each author's colour, "Restore this version" (after a confirmation) brings it back as one
 * change everyone sees and you can undo, "Name" names it. A panel beside the editor; Escape closes it.
 */
export function VersionHistory({ docId, serverUrl, getToken, doc, provider, canEdit, onClose }: VersionHistoryProps) {
  const api = useMemo(() => createHistoryApi({ serverUrl, docId, ...(getToken ? { getToken } : {}) }), [serverUrl, docId, getToken]);
  const [versions, setVersions] = useState<VersionInfo[] | null>(null);
  const [shown, setShown] = useState<Shown | null>(null);
  // Read again with what is shown: someone may have joined (and recorded their colour) since the panel opened.
  // biome-ignore lint/correctness/useExhaustiveDependencies: versions and shown are what make the colours worth reading again
  const colorOf = useMemo(() => authorColors(doc), [doc, versions, shown]);
  // biome-ignore lint/correctness/useExhaustiveDependencies: as above, for the names
  const nameOf = useMemo(() => authorNames(doc), [doc, versions, shown]);
  const titleId = useId();
  const heading = useRef<HTMLHeadingElement>(null);
  const [older, setOlder] = useState<number | null>(null);
  const [status, setStatus] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [confirming, setConfirming] = useState<VersionInfo | null>(null);
  const [newName, setNewName] = useState('');

  const report = useCallback((caught: unknown) => setError(caught instanceof Error ? caught.message : String(caught)), []);
  const load = useCallback(async () => {
    try {
      const page = await api.list();
      setVersions(page.versions);
      setOlder(page.nextBefore);
    } catch (caught) {
      report(caught);
    }
  }, [api, report]);
  useEffect(() => {
    heading.current?.focus();
    void load();
  }, [load]);
  // Escape closes the panel wherever the focus is (not while the restore dialog is open: it closes that).
  const latestClose = useRef(onClose);
  latestClose.current = onClose;
  const confirmingOpen = confirming !== null;
  useEffect(() => {
    if (confirmingOpen) return;
    const onKey = (event: KeyboardEvent) => {
      if (event.key === 'Escape' && !event.defaultPrevented) latestClose.current();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [confirmingOpen]);

  const show = async (seq: number, mode: Shown['mode']) => {
    setError(null);
    setShown({ seq, mode, html: null, changes: null });
    try {
      const next =
        mode === 'preview'
          ? { seq, mode, html: await api.html(seq), changes: null }
          : await api.compare(seq).then((comparison) => ({ seq, mode, html: comparison.html, changes: comparison.changes }));
      setShown((current) => (current?.seq === seq && current.mode === mode ? next : current));
    } catch (caught) {
      report(caught);
    }
  };

  const showOlder = async () => {
    if (older === null) return;
    try {
      const page = await api.list(older);
      setVersions((current) => [...(current ?? []), ...page.versions]);
      setOlder(page.nextBefore);
    } catch (caught) {
      report(caught);
    }
  };

  const name = async (event: FormEvent, seq?: number) => {
    event.preventDefault();
    const text = newName.trim();
    if (text === '') return;
    try {
      const { version } = await api.name(text, seq);
      setNewName('');
      setStatus(`Named “${version.name}”.`);
      await load();
    } catch (caught) {
      report(caught);
    }
  };

  const restore = async (version: VersionInfo) => {
    setConfirming(null);
    if (doc === null) return;
    try {
      const answer = await api.restore(version.seq, doc.clientID);
      await applyRestore(doc, answer);
      setStatus(
        answer.changed ? `Restored “${versionLabel(version)}”. Undo (Ctrl/⌘+Z) takes it back.` : 'The document already is this version.',
      );
      setShown(null);
      await load();
    } catch (caught) {
      // The answer may be lost after the server made the change: sync again so it is not missed.
      if (!(caught instanceof Error && caught.name === 'HistoryRequestError')) {
        provider?.disconnect();
        provider?.connect();
      }
      report(caught);
    }
  };

  const selected = versions?.find((version) => version.seq === shown?.seq) ?? null;
  return (
    <aside className="tandem-history" data-testid="version-history" aria-labelledby={titleId}>
      <div className="tandem-history__head">
        <h2 id={titleId} ref={heading} tabIndex={-1}>
          Version history
        </h2>
        <button type="button" className="tandem-popover__button" data-testid="history-close" onClick={onClose}>
          Close
        </button>
      </div>
      {canEdit && (
        <form className="tandem-history__name" onSubmit={(event) => name(event)}>
          <label>
            <span>Name the current version</span>
            <input value={newName} maxLength={200} data-testid="version-name-input" onChange={(event) => setNewName(event.target.value)} />
          </label>
          <button type="submit" className="tandem-popover__button" data-testid="version-name-save" disabled={newName.trim() === ''}>
            Save version
          </button>
        </form>
      )}
      <p className="tandem-history__status" role="status" data-testid="history-status">
        {status}
      </p>
      {error !== null && (
        <p className="tandem-history__error" role="alert" data-testid="history-error">
          {error}
        </p>
      )}
      <VersionList
        versions={versions}
        shownSeq={shown?.seq ?? null}
        onShow={(seq) => show(seq, 'preview')}
        hasOlder={older !== null}
        onOlder={showOlder}
        colorOf={colorOf}
        nameOf={nameOf}
      />
      {shown !== null && selected !== null && (
        <ShownVersion
          version={selected}
          shown={shown}
          canEdit={canEdit}
          onShow={show}
          onRestore={setConfirming}
          onName={name}
          onNameChange={setNewName}
          colorOf={colorOf}
          nameOf={nameOf}
        />
      )}
      {confirming !== null && (
        <RestoreDialog
          label={`${versionLabel(confirming)}, ${versionTime(confirming)}`}
          onCancel={() => setConfirming(null)}
          onConfirm={() => restore(confirming)}
        />
      )}
    </aside>
  );
}
