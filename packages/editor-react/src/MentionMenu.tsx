import type { Editor } from '@tiptap/react';
import { type CSSProperties, useId, useSyncExternalStore } from 'react';
import type { MentionCandidate } from './mentionCandidates.js';
import { readableTextOn } from './personColor.js';
import { initials } from './presence.js';
import type { SuggestionMenuController } from './suggestionMenuController.js';
import { useActiveDescendant } from './useActiveDescendant.js';
import { useFloatingPosition } from './useFloatingPosition.js';

/**
 * The people menu under a typed `@`: a listbox (as the slash menu) of the people here and those
 * who have edited this document, each with their initials in their colour.
 */
export function MentionMenu({ editor, controller }: { editor: Editor; controller: SuggestionMenuController<MentionCandidate> }) {
  const state = useSyncExternalStore(controller.subscribe, controller.getSnapshot, controller.getSnapshot);
  const listId = useId();
  const optionId = (index: number) => `${listId}-option-${index}`;
  const activeId = state.open && state.items.length > 0 ? optionId(state.active) : null;
  useActiveDescendant(editor, state.open, listId, activeId);

  const position = useFloatingPosition(editor, state.open ? state.from : 0, state.open);
  if (!state.open || position === null) return null;
  return (
    <div className="tandem-popover tandem-slash tandem-mention-menu" data-testid="mention-menu" style={position}>
      {state.items.length === 0 ? (
        <p className="tandem-slash__empty" data-testid="mention-empty" role="status">
          Nobody called “{state.query}” has been here
        </p>
      ) : (
        <div className="tandem-slash__list" id={listId} role="listbox" aria-label="Mention a person">
          {state.items.map((person, index) => (
            // Options are chosen from the editor's keyboard (aria-activedescendant); the pointer path is a click.
            // biome-ignore lint/a11y/useKeyWithClickEvents: the keyboard path is the editor's, see above
            <div
              key={person.id}
              id={optionId(index)}
              className="tandem-slash__option"
              role="option"
              tabIndex={-1}
              aria-selected={index === state.active}
              data-testid="mention-option"
              data-name={person.label}
              data-present={person.present || undefined}
              onMouseDown={(event) => event.preventDefault()}
              onMouseMove={() => controller.activate(index)}
              onClick={() => controller.select(index)}
            >
              <span
                className="tandem-mention-menu__avatar"
                aria-hidden="true"
                style={{ '--tandem-person-color': person.color, '--tandem-person-text': readableTextOn(person.color) } as CSSProperties}
              >
                {initials(person.label)}
              </span>
              <span className="tandem-mention-menu__name">{person.label}</span>
              <span className="tandem-mention-menu__where">{person.present ? 'here' : 'was here'}</span>
            </div>
          ))}
        </div>
      )}
    </div>
  );
}
