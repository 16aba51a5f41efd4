import { type Editor, useEditorState } from '@tiptap/react';
import { RedoIcon, UndoIcon } from './icons.js';
import { TableToolbar } from './TableToolbar.js';
import { modifierKey, ToolbarButton } from './ToolbarButton.js';
import { alignItems, blockItems, markItems, type ToolbarActions, type ToolbarItem } from './toolbarItems.js';

const groups: ToolbarItem[][] = [markItems, blockItems, alignItems];
const toggles = groups.flat().filter((item) => item.isActive !== undefined);

/**
 * Formatting, block types, alignment and collaborative undo/redo for a Tiptap editor built from
 * `tandemExtensions()`; inside a table, a second row of table actions. `onOpenLink` opens the
 * link editor and `onOpenImage` the image form (each button is left out without its callback).
 */
export function Toolbar({
  editor,
  disabled = false,
  onOpenLink,
  onOpenImage,
}: {
  editor: Editor;
  disabled?: boolean;
  onOpenLink?: () => void;
  onOpenImage?: () => void;
}) {
  const state = useEditorState({
    editor,
    selector: ({ editor: e }) => ({
      active: Object.fromEntries(toggles.map((item) => [item.id, item.isActive?.(e) ?? false])) as Record<string, boolean>,
      h1: e.isActive('heading', { level: 1 }),
      h2: e.isActive('heading', { level: 2 }),
      h3: e.isActive('heading', { level: 3 }),
      inTable: e.isActive('table'),
      canUndo: e.can().undo(),
      canRedo: e.can().redo(),
    }),
  });
  const mod = modifierKey();
  const chain = () => editor.chain().focus();
  const actions: ToolbarActions = { openLink: () => onOpenLink?.(), openImage: () => onOpenImage?.() };
  const shortcut = (keys: string | undefined) => keys?.replace('Mod', mod);

  return (
    <div className="tandem-toolbars">
      <div className="tandem-toolbar" role="toolbar" aria-label="Formatting" data-testid="toolbar">
        <div className="tandem-toolbar__group">
          <ToolbarButton
            id="undo"
            label="Undo"
            shortcut={`${mod}+Z`}
            disabled={disabled || !state.canUndo}
            onRun={() => chain().undo().run()}
          >
            <UndoIcon />
          </ToolbarButton>
          <ToolbarButton
            id="redo"
            label="Redo"
            shortcut={`${mod}+Shift+Z`}
            disabled={disabled || !state.canRedo}
            onRun={() => chain().redo().run()}
          >
            <RedoIcon />
          </ToolbarButton>
        </div>
        <div className="tandem-toolbar__group">
          {([1, 2, 3] as const).map((level) => (
            <ToolbarButton
              key={level}
              id={`h${level}`}
              label={`H${level}: heading ${level}`}
              shortcut={`${mod}+Alt+${level}`}
              active={state[`h${level}`]}
              disabled={disabled}
              onRun={() => chain().toggleHeading({ level }).run()}
            >
              <span className="tandem-toolbar__text">H{level}</span>
            </ToolbarButton>
          ))}
        </div>
        {groups.map((items) => (
          <div className="tandem-toolbar__group" key={items[0]?.id}>
            {items
              .filter((item) => (item.id !== 'link' || onOpenLink !== undefined) && (item.id !== 'image' || onOpenImage !== undefined))
              .map((item) => (
                <ToolbarButton
                  key={item.id}
                  id={item.id}
                  label={item.label}
                  shortcut={shortcut(item.shortcut)}
                  active={item.isActive ? state.active[item.id] : undefined}
                  disabled={disabled}
                  onRun={() => item.run(chain, actions)}
                >
                  {item.icon}
                </ToolbarButton>
              ))}
          </div>
        ))}
      </div>
      {state.inTable && !disabled && <TableToolbar editor={editor} />}
    </div>
  );
}
