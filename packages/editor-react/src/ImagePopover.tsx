import { isSafeImageSrc, normalizeLinkInput } from '@tandem/schema';
import { NodeSelection } from '@tiptap/pm/state';
import { type Editor, useEditorState } from '@tiptap/react';
import { type FormEvent, useEffect, useId, useRef, useState } from 'react';
import { UPLOADABLE_IMAGE_TYPES } from './imageUpload.js';
import { PopoverButton } from './PopoverButton.js';
import { AddressInput, PopoverForm } from './PopoverForm.js';
import { useFloatingPosition } from './useFloatingPosition.js';

/** What the image form is doing: inserting a new image, or editing the selected one. */
export type ImageFormMode = 'insert' | 'edit' | null;

/**
 * Images by address or from a file. `mode` 'insert' (the toolbar's Image button, `/image`) asks
 * for the address and the alt text and inserts the image at the caret, or offers to upload a file
 * from the device (`onUpload`, given the files; left out without it); with an image selected, a
 * popover shows its alt text with Edit (mode 'edit': change address or alt text) and Remove. Only
 * http(s) addresses are accepted (`isSafeImageSrc`).
 */
export function ImagePopover({
  editor,
  mode,
  onModeChange,
  onUpload,
}: {
  editor: Editor;
  mode: ImageFormMode;
  onModeChange: (mode: ImageFormMode) => void;
  onUpload?: (files: File[]) => void;
}) {
  const image = useEditorState({
    editor,
    selector: ({ editor: e }) => {
      const { selection } = e.state;
      const selected = selection instanceof NodeSelection && selection.node.type.name === 'image' ? selection.node : null;
      return {
        selected: selected !== null,
        src: String(selected?.attrs.src ?? ''),
        alt: String(selected?.attrs.alt ?? ''),
        from: selection.from,
        anchor: selection.from,
        focused: e.isFocused,
        editable: e.isEditable,
      };
    },
  });
  const editing = mode === 'edit' && image.selected;
  const showView = mode === null && image.editable && image.focused && image.selected;
  const shown = mode === 'insert' || editing || showView;
  const floating = useFloatingPosition(editor, image.anchor, shown);
  useNodeBoxChanges(editor, image.selected && shown ? image.from : null);
  // Under the selected image's box, clear of its resize handles.
  const position = floating !== null && image.selected ? (belowNode(editor, image.from) ?? floating) : floating;
  if (!image.editable || position === null) return null;
  if (mode === 'insert' || editing)
    return (
      <ImageForm
        editor={editor}
        editing={editing}
        initial={editing ? { src: image.src, alt: image.alt } : { src: '', alt: '' }}
        top={position.top}
        left={position.left}
        onClose={() => onModeChange(null)}
        {...(editing || onUpload === undefined ? {} : { onUpload })}
      />
    );
  if (!showView) return null;
  return (
    <div className="tandem-popover tandem-image-popover" data-testid="image-popover" data-mode="view" style={position}>
      <span className="tandem-image-popover__alt" data-testid="image-alt">
        {image.alt ? `Alt text: ${image.alt}` : 'No alt text yet'}
      </span>
      <PopoverButton id="image-edit" onRun={() => onModeChange('edit')}>
        {image.alt ? 'Edit' : 'Add alt text'}
      </PopoverButton>
      <PopoverButton id="image-remove" onRun={() => editor.chain().focus().deleteSelection().run()}>
        Remove
      </PopoverButton>
    </div>
  );
}

/** Re-renders when the box of the node at `pos` changes size (an image that loads, or is resized here or by someone else). */
function useNodeBoxChanges(editor: Editor, pos: number | null): void {
  const [, setTick] = useState(0);
  useEffect(() => {
    if (pos === null || typeof ResizeObserver === 'undefined') return;
    const dom = editor.view.nodeDOM(pos);
    if (!(dom instanceof HTMLElement)) return;
    const observer = new ResizeObserver(() => setTick((n) => n + 1));
    observer.observe(dom.querySelector('img') ?? dom);
    return () => observer.disconnect();
  }, [editor, pos]);
}

function belowNode(editor: Editor, pos: number): { top: number; left: number } | null {
  const dom = editor.view.nodeDOM(pos);
  if (!(dom instanceof HTMLElement)) return null;
  const box = (dom.querySelector('img') ?? dom).getBoundingClientRect();
  return { top: box.bottom + 10, left: Math.max(8, Math.min(box.left, window.innerWidth - 320)) };
}

function ImageForm({
  editor,
  editing,
  initial,
  top,
  left,
  onClose,
  onUpload,
}: {
  editor: Editor;
  editing: boolean;
  initial: { src: string; alt: string };
  top: number;
  left: number;
  onClose: () => void;
  onUpload?: (files: File[]) => void;
}) {
  const [src, setSrc] = useState(initial.src);
  const [alt, setAlt] = useState(initial.alt);
  const [error, setError] = useState<string | null>(null);
  const first = useRef<HTMLInputElement>(null);
  const altField = useRef<HTMLInputElement>(null);
  const fileInput = useRef<HTMLInputElement>(null);
  const errorId = useId();
  useEffect(() => (editing ? altField.current : first.current)?.focus(), [editing]);

  const close = () => {
    onClose();
    editor.commands.focus();
  };
  const submit = (event: FormEvent) => {
    event.preventDefault();
    const address = normalizeLinkInput(src);
    if (address === null || !isSafeImageSrc(address)) {
      setError('Use the web address (http or https) of an image.');
      return;
    }
    const attrs = { src: address, alt: alt.trim() };
    if (editing) editor.chain().focus().updateAttributes('image', attrs).run();
    else editor.chain().focus().setImage(attrs).run();
    onClose();
  };

  return (
    <PopoverForm
      className="tandem-popover tandem-image-popover"
      testId="image-popover"
      mode={editing ? 'edit' : 'insert'}
      top={top}
      left={left}
      onSubmit={submit}
      onClose={close}
      error={error}
      errorId={errorId}
      errorTestId="image-error"
    >
      <AddressInput
        inputRef={first}
        testId="image-src"
        label="Image address"
        placeholder="https://…/picture.png"
        value={src}
        onChange={(next) => {
          setSrc(next);
          setError(null);
        }}
        error={error}
        errorId={errorId}
      />
      <input
        ref={altField}
        className="tandem-link__input"
        data-testid="image-alt-input"
        type="text"
        aria-label="Alt text (what the image shows)"
        placeholder="What the image shows"
        value={alt}
        onChange={(event) => setAlt(event.target.value)}
      />
      <button type="submit" className="tandem-popover__button" data-testid="image-apply">
        {editing ? 'Update' : 'Insert image'}
      </button>
      {onUpload !== undefined && (
        <>
          <button type="button" className="tandem-popover__button" data-testid="image-upload" onClick={() => fileInput.current?.click()}>
            Upload from device…
          </button>
          <input
            ref={fileInput}
            type="file"
            hidden
            multiple
            accept={UPLOADABLE_IMAGE_TYPES.join(',')}
            data-testid="image-file-input"
            onChange={(event) => {
              const files = [...(event.target.files ?? [])];
              if (files.length === 0) return;
              onUpload(files);
              close();
            }}
          />
        </>
      )}
    </PopoverForm>
  );
}
