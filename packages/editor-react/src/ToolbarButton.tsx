import type { ReactNode } from 'react';

export interface ToolbarButtonProps {
  id: string;
  label: string;
  /** Shown in the tooltip, e.g. "Ctrl+B"; omitted when the action has none. */
  shortcut?: string;
  active?: boolean;
  disabled?: boolean;
  onRun: () => void;
  children: ReactNode;
}

/** One toolbar button: labelled for screen readers, pressed state for toggles, keeps the editor's selection. */
export function ToolbarButton({ id, label, shortcut, active, disabled, onRun, children }: ToolbarButtonProps) {
  return (
    <button
      type="button"
      className="tandem-toolbar__button"
      data-testid={`toolbar-${id}`}
      aria-label={label}
      aria-pressed={active === undefined ? undefined : active}
      // ARIA names the modifiers Meta and Control; the title shows them as the platform does.
      aria-keyshortcuts={shortcut?.replace('⌘', 'Meta').replace('Ctrl', 'Control')}
      title={shortcut ? `${label} (${shortcut})` : label}
      disabled={disabled}
      // Keep the editor's selection: run the command without moving focus to the button.
      onMouseDown={(event) => event.preventDefault()}
      onClick={onRun}
    >
      {children}
    </button>
  );
}

/** "⌘" on Apple devices, "Ctrl" elsewhere. */
export function modifierKey(): string {
  return typeof navigator !== 'undefined' && /Mac|iPhone|iPad/.test(navigator.platform) ? '⌘' : 'Ctrl';
}
