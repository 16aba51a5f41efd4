/**
 * Who is here, read from awareness states. A state counts as a person when it carries a
 * `user: { name, color }` field (the shape the CollaborationCaret extension uses);
 * Tandem adds `typing` and `away` flags next to it.
 */
export interface User {
  name: string;
  color: string;
  /**
   * Who this is, the same in all their tabs (e.g. an account id). Without it, a person is their
   * name and chosen colour: the same identity in two tabs is one person.
   */
  id?: string;
}

export interface Person extends User {
  /** Their first tab's client id (yours, for yourself). */
  clientId: number;
  /** Every tab (awareness client) of theirs in the document. */
  clientIds: number[];
  /** What makes two tabs one person: `id`, or name and chosen colour. */
  key: string;
  isSelf: boolean;
  /** All their tabs are hidden. */
  away: boolean;
  /** They changed the document in the last couple of seconds. */
  typing: boolean;
  /** They can only read the document (every tab of theirs is view-only). */
  viewer: boolean;
}

export interface PresenceNotice {
  id: number;
  kind: 'joined' | 'left';
  name: string;
  color: string;
}

/** The awareness fields Tandem writes for the local person. */
export interface LocalPresenceFields {
  user: User;
  typing: boolean;
  away: boolean;
}

function readUser(value: unknown): (User & { key: string }) | null {
  if (typeof value !== 'object' || value === null) return null;
  const { name, color, key } = value as Record<string, unknown>;
  if (typeof name !== 'string' || typeof color !== 'string') return null;
  return { name, color, key: typeof key === 'string' && key.length > 0 ? key : personKey({ name, color }) };
}

/** What makes tabs one person: their id, or else their name and the colour they chose. */
export function personKey(user: User): string {
  return user.id !== undefined ? `id:${user.id}` : `user:${user.name}\u0000${user.color.toLowerCase()}`;
}

/**
 * People present: yourself first, then the others by name (stable by client id). The tabs of one
 * person (same `user.key`) are one person: present while any tab is, away when all are, typing
 * when any is. `typingCounts(clientId)` can discount another client's typing flag (see `remoteTyping`).
 */
export function readPeople(
  states: ReadonlyMap<number, Record<string, unknown>>,
  selfId: number,
  typingCounts: (clientId: number) => boolean = () => true,
): Person[] {
  const byKey = new Map<string, Person>();
  for (const [clientId, state] of [...states].sort((a, b) => a[0] - b[0])) {
    const user = readUser(state.user);
    if (user === null) continue;
    const isSelf = clientId === selfId;
    const typing = state.typing === true && (isSelf || typingCounts(clientId));
    const tab = { away: state.away === true, typing, viewer: state.viewer === true };
    const known = byKey.get(user.key);
    if (known === undefined) {
      byKey.set(user.key, { name: user.name, color: user.color, key: user.key, clientId, clientIds: [clientId], isSelf, ...tab });
      continue;
    }
    known.clientIds.push(clientId);
    known.away &&= tab.away;
    known.typing ||= tab.typing;
    known.viewer &&= tab.viewer;
    if (isSelf) Object.assign(known, { name: user.name, color: user.color, clientId, isSelf: true });
  }
  return [...byKey.values()].sort((a, b) => {
    if (a.isSelf !== b.isSelf) return a.isSelf ? -1 : 1;
    return a.name.localeCompare(b.name) || a.clientId - b.clientId;
  });
}

/** Others who arrived and others who went (a person's second tab is neither), between two readings of the people present. */
export function diffPeople(before: readonly Person[], after: readonly Person[]): { joined: Person[]; left: Person[] } {
  const beforeKeys = new Set(before.map((p) => p.key));
  const afterKeys = new Set(after.map((p) => p.key));
  return {
    joined: after.filter((p) => !p.isSelf && !beforeKeys.has(p.key)),
    left: before.filter((p) => !p.isSelf && !afterKeys.has(p.key)),
  };
}

/** "AL" for "Ada Lovelace", "G" for "grace", "?" for a blank name. */
export function initials(name: string): string {
  const words = name.trim().split(/\s+/).filter(Boolean);
  const first = words[0];
  if (first === undefined) return '?';
  const last = words.length > 1 ? words[words.length - 1] : undefined;
  const letters = [...first].slice(0, last === undefined ? 2 : 1).join('') + (last === undefined ? '' : ([...last][0] ?? ''));
  return letters.toUpperCase();
}

/** "Ada is typing…", "Ada and Grace are typing…", "3 people are typing…", or null. */
export function typingSentence(people: readonly Person[]): string | null {
  const names = people.filter((p) => p.typing && !p.isSelf).map((p) => p.name);
  if (names.length === 0) return null;
  if (names.length === 1) return `${names[0]} is typing…`;
  if (names.length === 2) return `${names[0]} and ${names[1]} are typing…`;
  return `${names.length} people are typing…`;
}

/** The same people in the same order with the same fields: a caret that moved changes nothing here. */
export function samePeople(a: readonly Person[], b: readonly Person[]): boolean {
  if (a.length !== b.length) return false;
  return a.every((person, i) => {
    const other = b[i] as Person;
    return (
      person.key === other.key &&
      person.name === other.name &&
      person.color === other.color &&
      person.id === other.id &&
      person.clientId === other.clientId &&
      person.isSelf === other.isSelf &&
      person.away === other.away &&
      person.typing === other.typing &&
      person.viewer === other.viewer &&
      person.clientIds.length === other.clientIds.length &&
      person.clientIds.every((id, j) => id === other.clientIds[j])
    );
  });
}
