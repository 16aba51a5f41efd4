'use client';

import Link from 'next/link';
import type { HomeRow } from './homeRows';
import { relativeTime } from './relativeTime';
import { StrokeIcon } from '@/shell/StrokeIcon';

function DocIcon() {
  return (
    <StrokeIcon size={18} strokeWidth={1.8}>
      <path d="M14 2H6a2 2 0 0 0-2 2v16a2 2 0 0 0 2 2h12a2 2 0 0 0 2-2V8z" />
      <path d="M14 2v6h6M16 13H8M16 17H8M10 9H8" />
    </StrokeIcon>
  );
}

/** "Edited 5 minutes ago · Created by Ada · Shared by Grace · View only". */
function metaOf(row: HomeRow, now: number | null): string {
  const when = (time: number) => (now === null ? '' : relativeTime(time, now));
  const parts = [
    row.updatedAt !== null
      ? `Edited ${when(row.updatedAt)}`
      : row.openedAt !== undefined
        ? `Opened on this device ${when(row.openedAt)}`
        : row.createdAt !== null
          ? `Created ${when(row.createdAt)}, not edited yet`
          : 'New',
  ];
  if (row.mine) parts.push('Created by you');
  else if (row.createdBy && row.createdBy !== row.sharedWithMe?.by) parts.push(`Created by ${row.createdBy}`);
  if (row.sharedWithMe !== null) {
    const by = row.sharedWithMe.by ?? 'someone';
    parts.push(row.sharedWithMe.via === 'link' ? `Shared by ${by} (link)` : `Shared by ${by}`);
  }
  if (row.access === 'view') parts.push('View only');
  return parts.join(' · ');
}

/** One document: the link that opens it, and what can be done with it (copy it; move it to the trash). */
export function DocRow({
  row,
  now,
  onDuplicate,
  onTrash,
}: {
  row: HomeRow;
  now: number | null;
  onDuplicate: ((row: HomeRow) => void) | null;
  onTrash: ((row: HomeRow) => void) | null;
}) {
  const title = row.title?.trim() || 'Untitled';
  return (
    <li className="doc-item" data-doc={row.name}>
      <Link href={`/d/${encodeURIComponent(row.name)}`} className="doc-row" data-testid="doc-row" data-doc={row.name}>
        <span className="doc-row__icon">
          <DocIcon />
        </span>
        <span className="doc-row__text">
          <span className={`doc-row__title${row.title?.trim() ? '' : ' doc-row__title--untitled'}`} data-testid="doc-row-title">
            {title}
          </span>
          <span className="doc-row__meta" data-testid="doc-row-meta">
            {metaOf(row, now)}
          </span>
        </span>
        {row.unsynced && (
          <span
            className="doc-row__unsynced"
            data-testid="doc-row-unsynced"
            title="Edits made on this device are kept here and will reach the server when it can be reached."
          >
            Edits not on the server yet
          </span>
        )}
        {row.editors > 0 && (
          <span className="doc-row__live" data-testid="doc-row-activity" data-editors={row.editors}>
            <span className="doc-row__live-dot" aria-hidden="true" />
            {row.editors === 1 ? '1 person editing' : `${row.editors} people editing`}
          </span>
        )}
      </Link>
      {(onDuplicate !== null || onTrash !== null) && (
        <span className="doc-item__actions">
          {onDuplicate !== null && (
            <button
              type="button"
              className="icon-button"
              aria-label={`Make a copy of ${title}`}
              title="Make a copy"
              onClick={() => onDuplicate(row)}
              data-testid="doc-duplicate"
            >
              <svg width="16" height="16" viewBox="0 0 24 24" fill="none" stroke="currentColor" strokeWidth="2" aria-hidden="true">
                <rect x="9" y="9" width="12" height="12" rx="2" />
                <path d="M5 15H4a2 2 0 0 1-2-2V4a2 2 0 0 1 2-2h9a2 2 0 0 1 2 2v1" />
              </svg>
            </button>
          )}
          {onTrash !== null && (
            <button
              type="button"
              className="icon-button icon-button--danger"
              aria-label={`Move ${title} to the trash`}
              title="Move to the trash"
              onClick={() => onTrash(row)}
              data-testid="doc-trash"
            >
              <svg width="16" height="16" viewBox="0 0 24 24" fill="none" stroke="currentColor" strokeWidth="2" aria-hidden="true">
                <path d="M3 6h18M8 6V4h8v2M19 6l-1 14H6L5 6M10 11v6M14 11v6" />
              </svg>
            </button>
          )}
        </span>
      )}
    </li>
  );
}
