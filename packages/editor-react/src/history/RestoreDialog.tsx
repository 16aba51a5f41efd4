import { useEffect, useId, useRef } from 'react';

/**
 * "Restore this version?": a modal dialog (the browser's `<dialog>`, which keeps the focus inside
 * and closes on Escape) that says what a restore does to the people editing.
 */
export function RestoreDialog({ label, onCancel, onConfirm }: { label: string; onCancel: () => void; onConfirm: () => void }) {
  const dialog = useRef<HTMLDialogElement>(null);
  const titleId = useId();
  const confirmed = useRef(false);
  useEffect(() => {
    const element = dialog.current;
    if (element !== null && !element.open) element.showModal();
    return () => element?.close();
  }, []);
  return (
    <dialog
      ref={dialog}
      className="tandem-history__dialog"
      data-testid="restore-dialog"
      aria-labelledby={titleId}
      onClose={() => {
        if (!confirmed.current) onCancel();
      }}
    >
      <h2 id={titleId}>Restore this version?</h2>
      <p>
        The document goes back to <strong>{label}</strong> for everyone editing it, as one change of yours. What others type meanwhile is
        kept where the version does not replace it. You can undo it (Ctrl/⌘+Z) or restore another version.
      </p>
      <div className="tandem-history__dialog-actions">
        <button
          type="button"
          className="tandem-popover__button"
          data-testid="restore-cancel"
          // biome-ignore lint/a11y/noAutofocus: a modal dialog moves the focus inside it; the safe choice first
          autoFocus
          onClick={() => dialog.current?.close()}
        >
          Cancel
        </button>
        <button
          type="button"
          className="tandem-popover__button tandem-history__restore"
          data-testid="restore-confirm"
          onClick={() => {
            confirmed.current = true;
            dialog.current?.close();
            onConfirm();
          }}
        >
          Restore
        </button>
      </div>
    </dialog>
  );
}
