import { refuse } from './routeAccount';
import { SyncServerError } from './syncDocuments';
import { TrashError } from './documentTrash';

/** The answer for a failed trash, restore, purge or copy: its own status, or the sync server's (503 when it is away). */
export function trashFailure(error: unknown): Response {
  if (error instanceof TrashError) return refuse(error.status, error.message);
  if (error instanceof SyncServerError) return refuse(error.status, `The sync server did not do it: ${error.message}`);
  throw error;
}
