import type { Editor } from '@tiptap/react';
import { type ReactNode, useId, useSyncExternalStore } from 'react';
import { ImageIcon, RuleIcon, TableIcon, TaskListIcon } from './featureIcons.js';
import { BulletListIcon, CodeBlockIcon, OrderedListIcon, QuoteIcon } from './icons.js';
import type { SlashMenuController } from './slashMenuController.js';
import { useActiveDescendant } from './useActiveDescendant.js';
import { useFloatingPosition } from './useFloatingPosition.js';

const icons: Record<string, ReactNode> = {
  h1: <span className="tandem-slash__glyph">H1</span>,
  h2: <span className="tandem-slash__glyph">H2</span>,
  h3: <span className="tandem-slash__glyph">H3</span>,
  'bullet-list': <BulletListIcon />,
  'ordered-list': <OrderedListIcon />,
  'task-list': <TaskListIcon />,
  table: <TableIcon />,
  image: <ImageIcon />,
  'code-block': <CodeBlockIcon />,
  blockquote: <QuoteIcon />,
  'horizontal-rule': <RuleIcon />,
};

/**
 * The block menu under a typed `/`: a listbox whose active option the editor points at with
 * `aria-activedescendant` (focus stays in the text, where the person keeps typing the filter).
 * Pointer: hover activates, click chooses.
 */
export function SlashMenu({ editor, controller }: { editor: Editor; controller: SlashMenuController }) {
  const state = useSyncExternalStore(controller.subscribe, controller.getSnapshot, controller.getSnapshot);
  const listId = useId();
  const optionId = (index: number) => `${listId}-option-${index}`;
  const activeId = state.open && state.items.length > 0 ? optionId(state.active) : null;

  useActiveDescendant(editor, state.open, listId, activeId);

  const position = useFloatingPosition(editor, state.open ? state.from : 0, state.open);
  if (!state.open || position === null) return null;
  return (
    <div className="tandem-popover tandem-slash" data-testid="slash-menu" style={position}>
      {state.items.length === 0 ? (
        <p className="tandem-slash__empty" data-testid="slash-empty" role="status">
          No block matches “{state.query}”
        </p>
      ) : (
        <div className="tandem-slash__list" id={listId} role="listbox" aria-label="Insert a block">
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
              data-testid={`slash-${item.id}`}
              onMouseDown={(event) => event.preventDefault()}
              onMouseMove={() => controller.activate(index)}
              onClick={() => controller.select(index)}
            >
              <span className="tandem-slash__icon" aria-hidden="true">
                {icons[item.id]}
              </span>
              {item.label}
            </div>
          ))}
        </div>
      )}
    </div>
  );
}
