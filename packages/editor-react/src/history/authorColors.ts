import type * as Y from 'yjs';
import { readCollaborators } from '../collaborators.js';
import { PERSON_COLORS } from '../personColor.js';
import { authorName } from './versionGroups.js';

/**
 * The colour of each author in the history: the colour they edit with (the document's list of
 * collaborators, matched by account id or name), else one of the palette picked from the author id, the same
 * every time.
 */
export function authorColors(doc: Y.Doc | null): (author: string | null) => string {
  const byName = new Map<string, string>();
  const collaborators = doc === null ? new Map<string, { name: string; color: string }>() : readCollaborators(doc);
  for (const collaborator of collaborators.values()) byName.set(collaborator.name, collaborator.color);
  return (author) => {
    // An account id is recorded as `id:<id>`; a name-only author by their name.
    const known = collaborators.get(`id:${author}`)?.color ?? byName.get(authorName(author));
    if (known !== undefined) return known;
    let hash = 0;
    for (const char of author ?? '') hash = (hash * 31 + (char.codePointAt(0) ?? 0)) >>> 0;
    return PERSON_COLORS[hash % PERSON_COLORS.length] as string;
  };
}
