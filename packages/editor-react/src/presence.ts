/**
 * Who is here, read from awareness states. A state counts as a person when it carries a
 * `user: { name, color }` field (the shape the CollaborationCaret extension uses);
 * Tandem adds `typing` and `away` flags next to it.
 */
export interface User {
  name: string;
  color: string;
}

export interface Person extends User {
  clientId: number;
  isSelf: boolean;
  /** Their tab is hidden. */
  away: boolean;
  /** They changed the document in the last couple of seconds. */
  typing: boolean;
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

function readUser(value: unknown): User | null {
  if (typeof value !== 'object' || value === null) return null;
  const { name, color } = value as Record<string, unknown>;
  if (typeof name !== 'string' || typeof color !== 'string') return null;
  return { name, color };
}

/** People present: yourself first, then the others by name (stable by client id). */
export function readPeople(states: ReadonlyMap<number, Record<string, unknown>>, selfId: number): Person[] {
  const people: Person[] = [];
  for (const [clientId, state] of states) {
    const user = readUser(state.user);
    if (user === null) continue;
    people.push({
      ...user,
      clientId,
      isSelf: clientId === selfId,
      away: state.away === true,
      typing: state.typing === true,
    });
  }
  return people.sort((a, b) => {
    if (a.isSelf !== b.isSelf) return a.isSelf ? -1 : 1;
    return a.name.localeCompare(b.name) || a.clientId - b.clientId;
  });
}

/** Others who arrived and others who went, between two readings of the people present. */
export function diffPeople(before: readonly Person[], after: readonly Person[]): { joined: Person[]; left: Person[] } {
  const beforeIds = new Set(before.map((p) => p.clientId));
  const afterIds = new Set(after.map((p) => p.clientId));
  return {
    joined: after.filter((p) => !p.isSelf && !beforeIds.has(p.clientId)),
    left: before.filter((p) => !p.isSelf && !afterIds.has(p.clientId)),
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
