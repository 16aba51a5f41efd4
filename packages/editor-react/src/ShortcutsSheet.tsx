import { useEffect, useId, useRef } from 'react';
import { SHORTCUT_GROUPS } from './shortcutList.js';
import { modifierKey } from './ToolbarButton.js';

/**
 * The keyboard shortcuts sheet (Mod-/): a modal dialog (the browser's own `<dialog>`, which keeps
 * the focus inside and closes on Escape). `onClose` runs however it was closed.
 */
export function ShortcutsSheet({ onClose }: { onClose: () => void }) {
  const dialog = useRef<HTMLDialogElement>(null);
  const titleId = useId();
  const mod = modifierKey();

  useEffect(() => {
    const element = dialog.current;
    if (element === null) return;
    if (!element.open) element.showModal();
    return () => element.close();
  }, []);

  return (
    <dialog ref={dialog} className="tandem-shortcuts" data-testid="shortcuts-sheet" aria-labelledby={titleId} onClose={onClose}>
      <div className="tandem-shortcuts__head">
        <h2 id={titleId}>Keyboard shortcuts</h2>
        <button
          type="button"
          className="tandem-popover__button"
          data-testid="shortcuts-close"
          // biome-ignore lint/a11y/noAutofocus: a modal dialog moves the focus inside it
          autoFocus
          onClick={() => dialog.current?.close()}
        >
          Close
        </button>
      </div>
      <div className="tandem-shortcuts__groups">
        {SHORTCUT_GROUPS.map((group) => (
          <section key={group.title} aria-label={group.title}>
            <h3>{group.title}</h3>
            <dl>
              {group.entries.map((entry) => (
                <div key={entry.label} className="tandem-shortcuts__entry">
                  <dt>{entry.label}</dt>
                  <dd>
                    <kbd>{entry.keys.replaceAll('Mod', mod)}</kbd>
                  </dd>
                </div>
              ))}
            </dl>
          </section>
        ))}
      </div>
    </dialog>
  );
}
