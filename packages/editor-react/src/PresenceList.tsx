import type { CSSProperties } from 'react';
import { initials, type Person, typingSentence } from './presence.js';

/** Avatars of everyone present (initials in their colour, name on hover), dimmed when away. */
export function PresenceList({ people, max = 5 }: { people: readonly Person[]; max?: number }) {
  const shown = people.slice(0, max);
  const hidden = people.length - shown.length;
  return (
    <ul className="tandem-presence" aria-label="People here" data-testid="presence-list">
      {shown.map((person) => {
        const description = `${person.name}${person.isSelf ? ' (you)' : ''}${person.away ? ' · away' : ''}${person.typing ? ' · typing' : ''}`;
        return (
          <li
            key={person.clientId}
            className="tandem-presence__person"
            data-testid="presence-person"
            data-name={person.name}
            data-self={person.isSelf || undefined}
            data-away={person.away || undefined}
            data-typing={person.typing || undefined}
            title={description}
            aria-label={description}
            style={{ '--tandem-person-color': person.color } as CSSProperties}
          >
            <span className="tandem-presence__initials" aria-hidden="true">
              {initials(person.name)}
            </span>
          </li>
        );
      })}
      {hidden > 0 && (
        <li className="tandem-presence__more" title={people.slice(max).map((p) => p.name).join(', ')}>
          +{hidden}
        </li>
      )}
    </ul>
  );
}

/** "Ada is typing…" for the others who are typing; empty (but present, for layout) otherwise. */
export function TypingIndicator({ people }: { people: readonly Person[] }) {
  const sentence = typingSentence(people);
  return (
    <span className="tandem-typing" data-testid="typing-indicator" aria-live="polite" data-active={sentence !== null || undefined}>
      {sentence ?? ''}
    </span>
  );
}
