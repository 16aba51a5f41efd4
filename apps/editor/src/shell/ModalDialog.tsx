'use client';

import { type ReactNode, useEffect, useRef } from 'react';
import './modalDialog.css';

/**
 * A `<dialog>` opened as a modal once mounted (focus stays in it); Escape calls `onClose` and leaves
 * closing to whoever renders it. `className` adds the dialog's own width and insides.
 */
export function ModalDialog({
  className,
  labelledBy,
  testId,
  onClose,
  children,
}: {
  className: string;
  labelledBy: string;
  testId: string;
  onClose: () => void;
  children: ReactNode;
}) {
  const dialog = useRef<HTMLDialogElement>(null);

  useEffect(() => {
    const element = dialog.current;
    if (element && !element.open) element.showModal();
  }, []);

  return (
    <dialog
      ref={dialog}
      className={`modal-dialog ${className}`}
      aria-labelledby={labelledBy}
      data-testid={testId}
      onCancel={(event) => {
        event.preventDefault();
        onClose();
      }}
    >
      {children}
    </dialog>
  );
}
