import { readableTextOn } from '../personColor.js';
import { initials } from '../presence.js';
import type { VersionInfo } from './historyApi.js';
import { versionLabel, versionTime } from './versionLabel.js';
import { groupByDay } from './versionGroups.js';

export interface VersionListProps {
  /** Newest first; null while loading. */
  versions: VersionInfo[] | null;
  /** The version shown, if any. */
  shownSeq: number | null;
  onShow: (seq: number) => void;
  /** Whether there are older versions to ask for. */
  hasOlder: boolean;
  onOlder: () => void;
  colorOf: (author: string | null) => string;
  nameOf: (author: string | null) => string;
}

/** The versions by day: time, name, and who changed the document since the version before (avatars in their colours). */
export function VersionList({ versions, shownSeq, onShow, hasOlder, onOlder, colorOf, nameOf }: VersionListProps) {
  if (versions === null) return <p className="tandem-history__empty">Loading…</p>;
  if (versions.length === 0) return <p className="tandem-history__empty">No versions yet: one is taken after a pause in editing.</p>;
  return (
    <div className="tandem-history__days">
      {groupByDay(versions).map((day) => (
        <section key={day.key} aria-label={day.label}>
          <h3>{day.label}</h3>
          <ul>
            {day.versions.map((version) => (
              <li key={version.seq}>
                <button
                  type="button"
                  className="tandem-history__version"
                  data-testid="version-item"
                  data-seq={version.seq}
                  aria-pressed={shownSeq === version.seq}
                  onClick={() => onShow(version.seq)}
                >
                  <span className="tandem-history__time">{versionTime(version)}</span>
                  <span className="tandem-history__label">{versionLabel(version)}</span>
                  <span className="tandem-history__authors">
                    <span className="tandem-history__hidden">
                      {version.authors.length === 0 ? 'No changes' : `Changes by ${version.authors.map(nameOf).join(', ')}`}
                    </span>
                    {version.authors.slice(0, 5).map((author) => (
                      <span
                        key={author}
                        aria-hidden="true"
                        className="tandem-history__avatar"
                        title={nameOf(author)}
                        style={{ background: colorOf(author), color: readableTextOn(colorOf(author)) }}
                      >
                        {initials(nameOf(author))}
                      </span>
                    ))}
                  </span>
                </button>
              </li>
            ))}
          </ul>
        </section>
      ))}
      {hasOlder && (
        <button type="button" className="tandem-popover__button" onClick={onOlder}>
          Older versions
        </button>
      )}
    </div>
  );
}
