import type { CSSProperties } from 'react';
import { readableTextOn } from './personColor.js';
import { initials, type Person, typingSentence } from './presence.js';

/**
 * Avatars of everyone present, one per person however many tabs (initials in their colour, name on
 * hover), dimmed when away. With `onFollow`, the others' avatars are toggle buttons that follow
 * that person's caret (`following` is the key of the person followed).
 */
export function PresenceList({
  people,
  max = 5,
  following = null,
  onFollow,
}: {
  people: readonly Person[];
  max?: number;
  following?: string | null;
  onFollow?: (person: Person) => void;
}) {
  const shown = people.slice(0, max);
  const hidden = people.length - shown.length;
  return (
    <ul className="tandem-presence" aria-label="People here" data-testid="presence-list">
      {shown.map((person) => {
        const tabs = person.clientIds.length;
        const description = `${person.name}${person.isSelf ? ' (you)' : ''}${person.viewer ? ' · viewing' : ''}${tabs > 1 ? ` · ${tabs} tabs` : ''}${person.away ? ' · away' : ''}${person.typing ? ' · typing' : ''}`;
        return (
          <li
            key={person.key}
            className="tandem-presence__person"
            data-testid="presence-person"
            data-name={person.name}
            data-self={person.isSelf || undefined}
            data-away={person.away || undefined}
            data-typing={person.typing || undefined}
            data-viewer={person.viewer || undefined}
            data-tabs={tabs}
            data-following={following === person.key || undefined}
            title={description}
            aria-label={description}
            style={{ '--tandem-person-color': person.color, '--tandem-person-text': readableTextOn(person.color) } as CSSProperties}
          >
            {onFollow && !person.isSelf ? (
              <button
                type="button"
                className="tandem-presence__follow"
                data-testid="follow-person"
                aria-label={`Follow ${person.name}`}
                aria-pressed={following === person.key}
                onClick={() => onFollow(person)}
              >
                {/* Drawn by CSS from data-initials: a button's visible text must be part of its name (WCAG 2.5.3). */}
                <span className="tandem-presence__initials" aria-hidden="true" data-initials={initials(person.name)} />
              </button>
            ) : (
              <span className="tandem-presence__initials" aria-hidden="true">
                {initials(person.name)}
              </span>
            )}
          </li>
        );
      })}
      {hidden > 0 && (
        <li
          className="tandem-presence__more"
          title={people
            .slice(max)
            .map((p) => p.name)
            .join(', ')}
        >
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
