import { type Editor, useEditorState } from '@tiptap/react';
import type { ReactNode } from 'react';
import {
  BoldIcon,
  BulletListIcon,
  CodeBlockIcon,
  CodeIcon,
  ItalicIcon,
  OrderedListIcon,
  QuoteIcon,
  RedoIcon,
  StrikeIcon,
  UndoIcon,
} from './icons.js';

interface ToolbarButtonProps {
  id: string;
  label: string;
  shortcut: string;
  active?: boolean;
  disabled?: boolean;
  onRun: () => void;
  children: ReactNode;
}

function ToolbarButton({ id, label, shortcut, active, disabled, onRun, children }: ToolbarButtonProps) {
  return (
    <button
      type="button"
      className="tandem-toolbar__button"
      data-testid={`toolbar-${id}`}
      aria-label={label}
      aria-pressed={active === undefined ? undefined : active}
      title={`${label} (${shortcut})`}
      disabled={disabled}
      // Keep the editor's selection: run the command without moving focus to the button.
      onMouseDown={(event) => event.preventDefault()}
      onClick={onRun}
    >
      {children}
    </button>
  );
}

function modifierKey(): string {
  return typeof navigator !== 'undefined' && /Mac|iPhone|iPad/.test(navigator.platform) ? '⌘' : 'Ctrl';
}

/** Formatting, block types and collaborative undo/redo for a Tiptap editor. */
export function Toolbar({ editor, disabled = false }: { editor: Editor; disabled?: boolean }) {
  const state = useEditorState({
    editor,
    selector: ({ editor: e }) => ({
      bold: e.isActive('bold'),
      italic: e.isActive('italic'),
      strike: e.isActive('strike'),
      code: e.isActive('code'),
      h1: e.isActive('heading', { level: 1 }),
      h2: e.isActive('heading', { level: 2 }),
      h3: e.isActive('heading', { level: 3 }),
      bulletList: e.isActive('bulletList'),
      orderedList: e.isActive('orderedList'),
      blockquote: e.isActive('blockquote'),
      codeBlock: e.isActive('codeBlock'),
      canUndo: e.can().undo(),
      canRedo: e.can().redo(),
    }),
  });
  const mod = modifierKey();
  const chain = () => editor.chain().focus();

  return (
    <div className="tandem-toolbar" role="toolbar" aria-label="Formatting" data-testid="toolbar">
      <div className="tandem-toolbar__group">
        <ToolbarButton id="undo" label="Undo" shortcut={`${mod}+Z`} disabled={disabled || !state.canUndo} onRun={() => chain().undo().run()}>
          <UndoIcon />
        </ToolbarButton>
        <ToolbarButton id="redo" label="Redo" shortcut={`${mod}+Shift+Z`} disabled={disabled || !state.canRedo} onRun={() => chain().redo().run()}>
          <RedoIcon />
        </ToolbarButton>
      </div>
      <div className="tandem-toolbar__group">
        {([1, 2, 3] as const).map((level) => (
          <ToolbarButton
            key={level}
            id={`h${level}`}
            label={`Heading ${level}`}
            shortcut={`${mod}+Alt+${level}`}
            active={state[`h${level}`]}
            disabled={disabled}
            onRun={() => chain().toggleHeading({ level }).run()}
          >
            <span className="tandem-toolbar__text">H{level}</span>
          </ToolbarButton>
        ))}
      </div>
      <div className="tandem-toolbar__group">
        <ToolbarButton id="bold" label="Bold" shortcut={`${mod}+B`} active={state.bold} disabled={disabled} onRun={() => chain().toggleBold().run()}>
          <BoldIcon />
        </ToolbarButton>
        <ToolbarButton id="italic" label="Italic" shortcut={`${mod}+I`} active={state.italic} disabled={disabled} onRun={() => chain().toggleItalic().run()}>
          <ItalicIcon />
        </ToolbarButton>
        <ToolbarButton id="strike" label="Strikethrough" shortcut={`${mod}+Shift+S`} active={state.strike} disabled={disabled} onRun={() => chain().toggleStrike().run()}>
          <StrikeIcon />
        </ToolbarButton>
        <ToolbarButton id="code" label="Inline code" shortcut={`${mod}+E`} active={state.code} disabled={disabled} onRun={() => chain().toggleCode().run()}>
          <CodeIcon />
        </ToolbarButton>
      </div>
      <div className="tandem-toolbar__group">
        <ToolbarButton id="bullet-list" label="Bullet list" shortcut={`${mod}+Shift+8`} active={state.bulletList} disabled={disabled} onRun={() => chain().toggleBulletList().run()}>
          <BulletListIcon />
        </ToolbarButton>
        <ToolbarButton id="ordered-list" label="Numbered list" shortcut={`${mod}+Shift+7`} active={state.orderedList} disabled={disabled} onRun={() => chain().toggleOrderedList().run()}>
          <OrderedListIcon />
        </ToolbarButton>
        <ToolbarButton id="blockquote" label="Quote" shortcut={`${mod}+Shift+B`} active={state.blockquote} disabled={disabled} onRun={() => chain().toggleBlockquote().run()}>
          <QuoteIcon />
        </ToolbarButton>
        <ToolbarButton id="code-block" label="Code block" shortcut={`${mod}+Alt+C`} active={state.codeBlock} disabled={disabled} onRun={() => chain().toggleCodeBlock().run()}>
          <CodeBlockIcon />
        </ToolbarButton>
      </div>
    </div>
  );
}
