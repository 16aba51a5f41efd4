import type { ReactNode } from 'react';

/** A popover's button: it keeps the editor focused (and so the popover open) while clicked. */
export function PopoverButton({ id, onRun, children }: { id: string; onRun: () => void; children: ReactNode }) {
  return (
    <button
      type="button"
      className="tandem-popover__button"
      data-testid={id}
      onMouseDown={(event) => event.preventDefault()}
      onClick={onRun}
    >
      {children}
    </button>
  );
}
