import type { FormEvent, KeyboardEvent, ReactNode, RefObject } from 'react';

/**
 * The form of an address popover (the link's, the image's) at `top`/`left`: Escape closes it,
 * and `error`, when there is one, shows under its fields (`errorId` names it for the address field).
 */
export function PopoverForm({
  className,
  testId,
  mode,
  top,
  left,
  onSubmit,
  onClose,
  error,
  errorId,
  errorTestId,
  children,
}: {
  className: string;
  testId: string;
  mode: 'edit' | 'insert';
  top: number;
  left: number;
  onSubmit: (event: FormEvent) => void;
  onClose: () => void;
  error: string | null;
  errorId: string;
  errorTestId: string;
  children: ReactNode;
}) {
  const onKeyDown = (event: KeyboardEvent) => {
    if (event.key !== 'Escape') return;
    event.preventDefault();
    onClose();
  };
  return (
    <form className={className} data-testid={testId} data-mode={mode} style={{ top, left }} onSubmit={onSubmit} onKeyDown={onKeyDown}>
      {children}
      {error !== null && (
        <p className="tandem-link__error" id={errorId} data-testid={errorTestId} role="alert">
          {error}
        </p>
      )}
    </form>
  );
}

/** The address field of a `PopoverForm`: typing clears the error it is described by. */
export function AddressInput({
  inputRef,
  testId,
  label,
  placeholder,
  value,
  onChange,
  error,
  errorId,
}: {
  inputRef: RefObject<HTMLInputElement | null>;
  testId: string;
  label: string;
  placeholder: string;
  value: string;
  onChange: (value: string) => void;
  error: string | null;
  errorId: string;
}) {
  return (
    <input
      ref={inputRef}
      className="tandem-link__input"
      data-testid={testId}
      type="text"
      inputMode="url"
      aria-label={label}
      aria-invalid={error !== null}
      aria-describedby={error === null ? undefined : errorId}
      placeholder={placeholder}
      value={value}
      onChange={(event) => onChange(event.target.value)}
    />
  );
}
