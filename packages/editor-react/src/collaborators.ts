import * as Y from 'yjs';
import { isMentionColor } from '@tandem/schema';

/** The root `Y.Map` of a document that lists who has edited it: person key → `{ name, color }`. */
export const COLLABORATORS_FIELD = 'collaborators';

/** The origin of the transaction that records a collaborator: not a keystroke (nobody "is typing"). */
export const collaboratorOrigin = Symbol('tandem collaborator record');

export interface Collaborator {
  name: string;
  color: string;
}

/**
 * Puts this person in the document's list of collaborators (so that others can mention them
 * after they left), writing only when the entry is missing or their name or colour changed.
 * Returns whether it wrote.
 */
export function recordCollaborator(doc: Y.Doc, key: string, who: Collaborator): boolean {
  const map = doc.getMap<unknown>(COLLABORATORS_FIELD);
  const known = map.get(key);
  if (known instanceof Y.Map || (isCollaborator(known) && known.name === who.name && known.color === who.color)) return false;
  doc.transact(() => map.set(key, { name: who.name, color: who.color }), collaboratorOrigin);
  return true;
}

/** The document's collaborators, entries of another shape left out (anyone with write access can write there). */
export function readCollaborators(doc: Y.Doc): Map<string, Collaborator> {
  const collaborators = new Map<string, Collaborator>();
  for (const [key, value] of doc.getMap<unknown>(COLLABORATORS_FIELD)) {
    if (isCollaborator(value)) collaborators.set(key, { name: value.name, color: value.color });
  }
  return collaborators;
}

function isCollaborator(value: unknown): value is Collaborator {
  if (typeof value !== 'object' || value === null) return false;
  const { name, color } = value as Record<string, unknown>;
  return typeof name === 'string' && name.trim().length > 0 && name.length <= 200 && isMentionColor(color);
}
