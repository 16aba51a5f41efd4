import type { Collaborator } from './collaborators.js';
import type { Person } from './presence.js';

/** Someone the `@` menu offers: `id` is their person key, `present` whether they are here now. */
export interface MentionCandidate {
  id: string;
  label: string;
  color: string;
  present: boolean;
}

export const MAX_MENTION_CANDIDATES = 8;

/**
 * Who `@query` may mention: the others present first, then those who have edited this document
 * (`known`), each group by name; yourself last. A person matches when a word of their name starts
 * with the query (case-insensitive), or the whole name does.
 */
export function mentionCandidates(
  people: readonly Person[],
  known: ReadonlyMap<string, Collaborator>,
  query: string,
  limit = MAX_MENTION_CANDIDATES,
): MentionCandidate[] {
  const wanted = query.trim().toLowerCase();
  const matches = (name: string) => {
    const lower = name.toLowerCase();
    return wanted === '' || lower.startsWith(wanted) || lower.split(/\s+/).some((word) => word.startsWith(wanted));
  };
  const byName = (a: MentionCandidate, b: MentionCandidate) => a.label.localeCompare(b.label);
  const present = people.filter((p) => !p.isSelf).map((p) => ({ id: p.key, label: p.name, color: p.color, present: true }));
  const self = people.filter((p) => p.isSelf).map((p) => ({ id: p.key, label: p.name, color: p.color, present: true }));
  const here = new Set(people.map((p) => p.key));
  const absent = [...known]
    .filter(([key]) => !here.has(key))
    .map(([key, who]) => ({ id: key, label: who.name, color: who.color, present: false }));
  return [...present.sort(byName), ...absent.sort(byName), ...self].filter((c) => matches(c.label)).slice(0, limit);
}
