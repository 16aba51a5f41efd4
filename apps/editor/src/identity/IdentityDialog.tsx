'use client';

import { initials } from '@tandem/editor-react';
import { type FormEvent, useEffect, useId, useRef, useState } from 'react';
import { type Identity, MAX_NAME_LENGTH, nameProblem, PALETTE, randomColor } from './identity';

interface IdentityDialogProps {
  initial: Identity | null;
  firstVisit: boolean;
  onSave(identity: Identity): void;
  onCancel: (() => void) | undefined;
}

/** Pick a name (and optionally a colour). Shown on the first visit and from the avatar button. */
export function IdentityDialog({ initial, firstVisit, onSave, onCancel }: IdentityDialogProps) {
  const [name, setName] = useState(initial?.name ?? '');
  const [color, setColor] = useState(() => initial?.color ?? randomColor());
  const [touched, setTouched] = useState(false);
  const dialogRef = useRef<HTMLDialogElement>(null);
  const titleId = useId();
  const errorId = useId();
  const problem = nameProblem(name);

  useEffect(() => {
    const dialog = dialogRef.current;
    if (dialog && !dialog.open) dialog.showModal();
  }, []);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    setTouched(true);
    if (problem === null) onSave({ name: name.trim(), color });
  };

  return (
    <dialog
      ref={dialogRef}
      className="identity-dialog"
      aria-labelledby={titleId}
      data-testid="identity-dialog"
      onCancel={(event) => {
        event.preventDefault();
        onCancel?.();
      }}
    >
      <form onSubmit={submit} className="identity-dialog__form">
        <div className="identity-dialog__preview" style={{ background: color }} aria-hidden="true">
          {initials(name || '?')}
        </div>
        <h2 id={titleId} className="identity-dialog__title">
          {firstVisit ? 'Welcome to Tandem' : 'Your name and colour'}
        </h2>
        <p className="identity-dialog__lead">
          {firstVisit ? 'What should we call you? People you write with will see this name next to your cursor.' : 'Others see this next to your cursor.'}
        </p>
        <label className="field">
          <span className="field__label">Name</span>
          <input
            className="field__input"
            data-testid="identity-name"
            value={name}
            maxLength={MAX_NAME_LENGTH}
            autoComplete="name"
            placeholder="e.g. Ada Lovelace"
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
        <div className="identity-dialog__actions">
          {onCancel && (
            <button type="button" className="button button--ghost" onClick={onCancel}>
              Cancel
            </button>
          )}
          <button type="submit" className="button button--primary" data-testid="identity-save">
            {firstVisit ? 'Continue' : 'Save'}
          </button>
        </div>
      </form>
    </dialog>
  );
}
