import type * as Y from 'yjs';
import { ExportMenu } from './ExportMenu.js';
import { modifierKey } from './ToolbarButton.js';
import { Icon } from './icons.js';

const OutlineIcon = () => (
  <Icon size={16}>
    <path d="M4 6h16M8 12h12M12 18h8" />
  </Icon>
);

const KeyboardIcon = () => (
  <Icon size={16}>
    <rect x="2" y="5" width="20" height="14" rx="2" />
    <path d="M6 9h.01M10 9h.01M14 9h.01M18 9h.01M7 15h10" />
  </Icon>
);

/** The bar's buttons that are not formatting (shown to readers too): the outline, the shortcuts sheet, export and print. */
export function DocumentTools({
  outlineOpen,
  outlineId,
  onToggleOutline,
  onOpenShortcuts,
  doc,
}: {
  outlineOpen: boolean;
  outlineId: string;
  onToggleOutline: () => void;
  onOpenShortcuts: () => void;
  /** The document to export (the export menu shows when given). */
  doc?: Y.Doc;
}) {
  const mod = modifierKey();
  return (
    <div className="tandem-editor__tools">
      <button
        type="button"
        className="tandem-toolbar__button"
        data-testid="toggle-outline"
        aria-label="Outline"
        aria-expanded={outlineOpen}
        aria-controls={outlineId}
        title="Outline"
        onClick={onToggleOutline}
      >
        <OutlineIcon />
      </button>
      <button
        type="button"
        className="tandem-toolbar__button"
        data-testid="open-shortcuts"
        aria-label="Keyboard shortcuts"
        aria-keyshortcuts={mod === '⌘' ? 'Meta+/' : 'Control+/'}
        title={`Keyboard shortcuts (${mod}+/)`}
        onClick={onOpenShortcuts}
      >
        <KeyboardIcon />
      </button>
      {doc !== undefined && <ExportMenu doc={doc} />}
    </div>
  );
}
