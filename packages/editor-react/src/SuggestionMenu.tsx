import type { Editor } from '@tiptap/react';
import { type ReactNode, useId, useSyncExternalStore } from 'react';
import type { SuggestionMenuController } from './suggestionMenuController.js';
import { useActiveDescendant } from './useActiveDescendant.js';
import { useFloatingPosition } from './useFloatingPosition.js';

/** An option's data attributes (its `data-testid` among them). */
type OptionData = Record<`data-${string}`, string | true | undefined>;

/**
 * A menu under what is typed (the slash menu, the mention menu): a listbox whose active option the
 * editor points at with `aria-activedescendant` (focus stays in the text, where the person keeps
 * typing the filter). Pointer: hover activates, click chooses. With nothing matching, `empty`.
 */
export function SuggestionMenu<T extends { id: string }>({
  editor,
  controller,
  className,
  testId,
  label,
  empty,
  emptyTestId,
  optionData,
  children,
}: {
  editor: Editor;
  controller: SuggestionMenuController<T>;
  /** Added to the menu's own classes. */
  className?: string;
  testId: string;
  /** The listbox's accessible name. */
  label: string;
  empty: (query: string) => ReactNode;
  emptyTestId: string;
  optionData: (item: T) => OptionData;
  /** An option's content. */
  children: (item: T) => ReactNode;
}) {
  const state = useSyncExternalStore(controller.subscribe, controller.getSnapshot, controller.getSnapshot);
  const listId = useId();
  const optionId = (index: number) => `${listId}-option-${index}`;
  const activeId = state.open && state.items.length > 0 ? optionId(state.active) : null;
  useActiveDescendant(editor, state.open, listId, activeId);

  const position = useFloatingPosition(editor, state.open ? state.from : 0, state.open);
  if (!state.open || position === null) return null;
  return (
    <div
      className={className === undefined ? 'tandem-popover tandem-slash' : `tandem-popover tandem-slash ${className}`}
      data-testid={testId}
      style={position}
    >
      {state.items.length === 0 ? (
        <p className="tandem-slash__empty" data-testid={emptyTestId} role="status">
          {empty(state.query)}
        </p>
      ) : (
        <div className="tandem-slash__list" id={listId} role="listbox" aria-label={label}>
          {state.items.map((item, index) => (
            // Options are chosen from the editor's keyboard (aria-activedescendant); the pointer path is a click.
            // biome-ignore lint/a11y/useKeyWithClickEvents: the keyboard path is the editor's, see above
            <div
              key={item.id}
              id={optionId(index)}
              className="tandem-slash__option"
              role="option"
              tabIndex={-1}
              aria-selected={index === state.active}
              {...optionData(item)}
              onMouseDown={(event) => event.preventDefault()}
              onMouseMove={() => controller.activate(index)}
              onClick={() => controller.select(index)}
            >
              {children(item)}
            </div>
          ))}
        </div>
      )}
    </div>
  );
}
