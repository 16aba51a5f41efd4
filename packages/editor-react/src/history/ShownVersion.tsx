import type { FormEvent } from 'react';
import type { VersionChangeInfo, VersionInfo } from './historyApi.js';
import { versionLabel, versionTime } from './versionLabel.js';
import { VersionPreview } from './VersionPreview.js';

/** A version shown: previewed, or compared with now (its HTML and, for a comparison, the changes); null while loading. */
export type Shown = { seq: number; mode: 'preview' | 'compare'; html: string | null; changes: VersionChangeInfo[] | null };

export interface ShownVersionProps {
  version: VersionInfo;
  shown: Shown;
  canEdit: boolean;
  onShow: (seq: number, mode: Shown['mode']) => void;
  onRestore: (version: VersionInfo) => void;
  onName: (event: FormEvent, seq: number) => void;
  onNameChange: (name: string) => void;
  colorOf: (author: string | null) => string;
  nameOf: (author: string | null) => string;
}

/** The version picked in the list: Preview / Compare with current / Restore, naming it, who changed what, and the document read-only. */
export function ShownVersion({ version, shown, canEdit, onShow, onRestore, onName, onNameChange, colorOf, nameOf }: ShownVersionProps) {
  return (
    <section className="tandem-history__shown" aria-label={`${versionLabel(version)}, ${versionTime(version)}`} data-mode={shown.mode}>
      <div className="tandem-history__actions">
        <button
          type="button"
          className="tandem-popover__button"
          aria-pressed={shown.mode === 'preview'}
          data-testid="version-preview-button"
          onClick={() => onShow(version.seq, 'preview')}
        >
          Preview
        </button>
        <button
          type="button"
          className="tandem-popover__button"
          aria-pressed={shown.mode === 'compare'}
          data-testid="version-compare"
          onClick={() => onShow(version.seq, 'compare')}
        >
          Compare with current
        </button>
        {canEdit && (
          <button
            type="button"
            className="tandem-popover__button tandem-history__restore"
            data-testid="version-restore"
            onClick={() => onRestore(version)}
          >
            Restore this version
          </button>
        )}
      </div>
      {canEdit && (
        <form className="tandem-history__name" onSubmit={(event) => onName(event, version.seq)}>
          <label>
            <span>Name this version</span>
            <input
              defaultValue={version.name ?? ''}
              data-testid="version-rename-input"
              maxLength={200}
              onChange={(event) => onNameChange(event.target.value)}
            />
          </label>
          <button type="submit" className="tandem-popover__button" data-testid="version-rename-save">
            Name
          </button>
        </form>
      )}
      {shown.mode === 'compare' && shown.changes !== null && (
        <p className="tandem-history__legend" data-testid="compare-summary">
          {shown.changes.length === 0
            ? 'No changes since this version.'
            : [...new Set(shown.changes.map((change) => change.author))].map((author) => (
                <span key={author} className="tandem-history__legend-entry" style={{ borderColor: colorOf(author) }}>
                  {nameOf(author)}
                </span>
              ))}
        </p>
      )}
      {shown.html === null ? (
        <p className="tandem-history__empty">Loading…</p>
      ) : (
        <VersionPreview
          html={shown.html}
          colorOf={colorOf}
          nameOf={nameOf}
          label={shown.mode === 'compare' ? `Changes since ${versionLabel(version)}` : `${versionLabel(version)} (read-only)`}
        />
      )}
    </section>
  );
}
