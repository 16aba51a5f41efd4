'use client';

import { useRouter } from 'next/navigation';
import { useRef, useState } from 'react';
import { useSyncConfig } from '@/config/SyncConfigProvider';
import { ImportError, importDocument } from './importDocument';
import { IMPORT_ACCEPT } from './importFile';
import './importButton.css';

/** "Import": pick a `.md`, `.html` or `.txt` file; it becomes a new document, which opens. */
export function ImportButton() {
  const { httpUrl, auth } = useSyncConfig();
  const router = useRouter();
  const input = useRef<HTMLInputElement>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const onPicked = async (file: File | undefined) => {
    if (file === undefined) return;
    setBusy(true);
    setError(null);
    try {
      const docId = await importDocument(file, { httpUrl, auth });
      router.push(`/d/${encodeURIComponent(docId)}`);
    } catch (problem) {
      setError(
        problem instanceof ImportError
          ? problem.message
          : `Importing failed: ${problem instanceof Error ? problem.message : String(problem)}`,
      );
      setBusy(false);
    } finally {
      if (input.current !== null) input.current.value = '';
    }
  };

  return (
    <div className="import">
      <button
        type="button"
        className="button button--secondary button--large"
        data-testid="import-document"
        aria-busy={busy || undefined}
        disabled={busy}
        onClick={() => input.current?.click()}
      >
        {busy ? 'Importing…' : 'Import'}
      </button>
      <input
        ref={input}
        type="file"
        accept={IMPORT_ACCEPT}
        hidden
        data-testid="import-file"
        aria-label="File to import (.md, .html or .txt)"
        onChange={(event) => void onPicked(event.target.files?.[0])}
      />
      {error !== null && (
        <p className="import__error" role="alert" data-testid="import-error">
          {error}
        </p>
      )}
    </div>
  );
}
