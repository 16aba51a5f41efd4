'use client';

import { initials } from '@tandem/editor-react';
import Link from 'next/link';
import { type FormEvent, useId, useState } from 'react';
import { ModalDialog } from '@/shell/ModalDialog';
import { type Identity, MAX_NAME_LENGTH, nameProblem, PALETTE } from './identity';

interface IdentityDialogProps {
  initial: Identity;
  /** Saves to the account; resolves with a message to show when that failed. */
  onSave(identity: Identity): Promise<string | null>;
  onCancel: () => void;
}

/** Change the name and colour others see next to your caret (your account's; from the avatar button). */
export function IdentityDialog({ initial, onSave, onCancel }: IdentityDialogProps) {
  const [name, setName] = useState(initial.name);
  const [color, setColor] = useState(initial.color);
  const [touched, setTouched] = useState(false);
  const [failure, setFailure] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);
  const titleId = useId();
  const errorId = useId();
  const problem = nameProblem(name);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setTouched(true);
    if (problem !== null || saving) return;
    setSaving(true);
    setFailure(await onSave({ name: name.trim(), color }));
    setSaving(false);
  };

  return (
    <ModalDialog className="identity-dialog" labelledBy={titleId} testId="identity-dialog" onClose={onCancel}>
      <form onSubmit={submit} className="identity-dialog__form">
        <div className="identity-dialog__preview" style={{ background: color }} aria-hidden="true">
          {initials(name || '?')}
        </div>
        <h2 id={titleId} className="identity-dialog__title">
          Your name and colour
        </h2>
        <p className="identity-dialog__lead">Others see this next to your cursor, on every device you sign in on.</p>
        <label className="field">
          <span className="field__label">Name</span>
          <input
            className="field__input"
            data-testid="identity-name"
            value={name}
            maxLength={MAX_NAME_LENGTH}
            autoComplete="name"
            placeholder="e.g. Ada Lovelace"
            // biome-ignore lint/a11y/noAutofocus: the first field of a modal dialog (ModalDialog is a <dialog>), as the rule allows for <dialog>
            autoFocus
            aria-invalid={touched && problem !== null}
            aria-describedby={touched && problem !== null ? errorId : undefined}
            onChange={(event) => setName(event.target.value)}
          />
          {touched && problem !== null && (
            <span id={errorId} className="field__error" role="alert">
              {problem}
            </span>
          )}
        </label>
        <fieldset className="swatches">
          <legend className="field__label">Colour</legend>
          {PALETTE.map((swatch) => (
            <label key={swatch} className="swatches__item" style={{ background: swatch }} title={swatch}>
              <input
                type="radio"
                name="color"
                value={swatch}
                checked={color === swatch}
                onChange={() => setColor(swatch)}
                data-testid="identity-color"
                aria-label={`Colour ${swatch}`}
              />
            </label>
          ))}
        </fieldset>
        {failure !== null && (
          <p className="field__error" role="alert">
            {failure}
          </p>
        )}
        <p className="identity-dialog__lead">
          <Link href="/account" onClick={onCancel} data-testid="identity-account-link">
            Your account, workspace and sign out
          </Link>
        </p>
        <div className="identity-dialog__actions">
          <button type="button" className="button button--ghost" onClick={onCancel}>
            Cancel
          </button>
          <button type="submit" className="button button--primary" data-testid="identity-save" disabled={saving}>
            Save
          </button>
        </div>
      </form>
    </ModalDialog>
  );
}
