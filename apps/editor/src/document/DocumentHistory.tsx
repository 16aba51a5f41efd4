'use client';

import { type Collaboration, VersionHistory } from '@tandem/editor-react';
import { useRef, useState } from 'react';
import { useSyncConfig } from '@/config/SyncConfigProvider';
import './documentHistory.css';

/**
 * The "History" button beside the title and the version history panel it opens. Readers browse,
 * preview and compare; people who can edit also name and restore versions.
 */
export function DocumentHistory({
  docId,
  collaboration,
  getToken,
  canEdit,
}: {
  docId: string;
  collaboration: Collaboration;
  getToken?: () => Promise<string>;
  canEdit: boolean;
}) {
  const { syncUrl } = useSyncConfig();
  const [open, setOpen] = useState(false);
  const button = useRef<HTMLButtonElement>(null);
  return (
    <>
      <button
        ref={button}
        type="button"
        className="button doc-history__toggle"
        data-testid="history-open"
        aria-expanded={open}
        onClick={() => setOpen((shown) => !shown)}
      >
        History
      </button>
      {open && (
        <VersionHistory
          docId={docId}
          serverUrl={syncUrl}
          {...(getToken ? { getToken } : {})}
          doc={collaboration.doc}
          provider={collaboration.provider}
          canEdit={canEdit}
          onClose={() => {
            setOpen(false);
            button.current?.focus();
          }}
        />
      )}
    </>
  );
}
