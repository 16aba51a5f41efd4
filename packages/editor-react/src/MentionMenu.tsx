import type { Editor } from '@tiptap/react';
import type { CSSProperties } from 'react';
import type { MentionCandidate } from './mentionCandidates.js';
import { readableTextOn } from './personColor.js';
import { initials } from './presence.js';
import { SuggestionMenu } from './SuggestionMenu.js';
import type { SuggestionMenuController } from './suggestionMenuController.js';

/**
 * The people menu under a typed `@`: a listbox (as the slash menu) of the people here and those
 * who have edited this document, each with their initials in their colour.
 */
export function MentionMenu({ editor, controller }: { editor: Editor; controller: SuggestionMenuController<MentionCandidate> }) {
  return (
    <SuggestionMenu
      editor={editor}
      controller={controller}
      className="tandem-mention-menu"
      testId="mention-menu"
      label="Mention a person"
      empty={(query) => `Nobody called “${query}” has been here`}
      emptyTestId="mention-empty"
      optionData={(person) => ({ 'data-testid': 'mention-option', 'data-name': person.label, 'data-present': person.present || undefined })}
    >
      {(person) => (
        <>
          <span
            className="tandem-mention-menu__avatar"
            aria-hidden="true"
            style={{ '--tandem-person-color': person.color, '--tandem-person-text': readableTextOn(person.color) } as CSSProperties}
          >
            {initials(person.label)}
          </span>
          <span className="tandem-mention-menu__name">{person.label}</span>
          <span className="tandem-mention-menu__where">{person.present ? 'here' : 'was here'}</span>
        </>
      )}
    </SuggestionMenu>
  );
}
