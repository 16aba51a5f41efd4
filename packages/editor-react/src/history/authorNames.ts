import type * as Y from 'yjs';
import { readCollaborators } from '../collaborators.js';
import { authorName } from './versionGroups.js';

/**
 * The name of each author in the history: an author is their token's subject, so an account id is
 * looked up among the document's collaborators (recorded under `id:<account id>` by editors that
 * know the account); anything else shows as itself (`demo:Ada` as Ada).
 */
export function authorNames(doc: Y.Doc | null): (author: string | null) => string {
  const collaborators = doc === null ? new Map() : readCollaborators(doc);
  return (author) => (author === null ? authorName(author) : (collaborators.get(`id:${author}`)?.name ?? authorName(author)));
}
