import { isSafeLinkHref, normalizeLinkInput } from '@tandem/schema';
import { type Editor, useEditorState } from '@tiptap/react';
import { type FormEvent, useEffect, useId, useRef, useState } from 'react';
import { PopoverButton } from './PopoverButton.js';
import { AddressInput, PopoverForm } from './PopoverForm.js';
import { useFloatingPosition } from './useFloatingPosition.js';

/**
 * The link popover under the selection. With the caret in a link it shows the address with
 * Open, Edit and Remove; in edit mode (Mod-K, the toolbar's Link button, or Edit) a field to add
 * or change the selection's link. Only http(s) and mailto addresses are accepted.
 */
export function LinkPopover({
  editor,
  editing,
  onEditingChange,
}: {
  editor: Editor;
  editing: boolean;
  onEditingChange: (editing: boolean) => void;
}) {
  const link = useEditorState({
    editor,
    selector: ({ editor: e }) => ({
      inLink: e.isActive('link'),
      href: e.isActive('link') ? String(e.getAttributes('link').href ?? '') : '',
      from: e.state.selection.from,
      empty: e.state.selection.empty,
      focused: e.isFocused,
      editable: e.isEditable,
    }),
  });
  const showView = !editing && link.editable && link.focused && link.inLink && link.empty;
  const position = useFloatingPosition(editor, link.from, editing || showView);
  if (!link.editable || position === null) return null;
  if (editing)
    return (
      <LinkForm
        editor={editor}
        href={link.href}
        inLink={link.inLink}
        top={position.top}
        left={position.left}
        onClose={() => onEditingChange(false)}
      />
    );
  if (!showView) return null;
  return (
    <div className="tandem-popover tandem-link" data-testid="link-popover" data-mode="view" style={position}>
      <a
        className="tandem-link__href"
        href={isSafeLinkHref(link.href) ? link.href : undefined}
        title={link.href}
        onClick={(event) => event.preventDefault()}
      >
        {link.href}
      </a>
      <PopoverButton id="link-open" onRun={() => openLink(link.href)}>
        Open
      </PopoverButton>
      <PopoverButton id="link-edit" onRun={() => onEditingChange(true)}>
        Edit
      </PopoverButton>
      <PopoverButton id="link-remove" onRun={() => removeLink(editor)}>
        Remove
      </PopoverButton>
    </div>
  );
}

function LinkForm({
  editor,
  href,
  inLink,
  top,
  left,
  onClose,
}: {
  editor: Editor;
  href: string;
  inLink: boolean;
  top: number;
  left: number;
  onClose: () => void;
}) {
  const [value, setValue] = useState(href);
  const [error, setError] = useState<string | null>(null);
  const input = useRef<HTMLInputElement>(null);
  const errorId = useId();
  useEffect(() => input.current?.focus(), []);

  const close = () => {
    onClose();
    editor.commands.focus();
  };
  const submit = (event: FormEvent) => {
    event.preventDefault();
    const next = normalizeLinkInput(value);
    if (next === null) {
      setError('Only web (http, https) and e-mail (mailto) addresses can be linked.');
      return;
    }
    applyLink(editor, next, inLink);
    close();
  };

  return (
    <PopoverForm
      className="tandem-popover tandem-link"
      testId="link-popover"
      mode="edit"
      top={top}
      left={left}
      onSubmit={submit}
      onClose={close}
      error={error}
      errorId={errorId}
      errorTestId="link-error"
    >
      <AddressInput
        inputRef={input}
        testId="link-input"
        label="Link address"
        placeholder="https://…"
        value={value}
        onChange={(next) => {
          setValue(next);
          setError(null);
        }}
        error={error}
        errorId={errorId}
      />
      <button type="submit" className="tandem-popover__button" data-testid="link-apply">
        {inLink ? 'Update' : 'Add link'}
      </button>
      {inLink && (
        <button
          type="button"
          className="tandem-popover__button"
          data-testid="link-remove"
          onClick={() => {
            removeLink(editor);
            onClose();
          }}
        >
          Remove
        </button>
      )}
    </PopoverForm>
  );
}

function openLink(href: string): void {
  if (isSafeLinkHref(href)) window.open(href, '_blank', 'noopener,noreferrer');
}

function removeLink(editor: Editor): void {
  editor.chain().focus().extendMarkRange('link').unsetLink().run();
}

/** Links the selection (or the whole link the caret is in) to `href`; with nothing selected, inserts the address as linked text. */
function applyLink(editor: Editor, href: string, inLink: boolean): void {
  const chain = editor.chain().focus();
  if (inLink) chain.extendMarkRange('link').setLink({ href }).run();
  else if (!editor.state.selection.empty) chain.setLink({ href }).run();
  else chain.insertContent({ type: 'text', text: href, marks: [{ type: 'link', attrs: { href } }] }).run();
}
