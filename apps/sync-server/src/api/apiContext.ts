import type { IncomingMessage, ServerResponse } from 'node:http';
import type { CursorSeal } from '../security/cursorSeal.js';
import { ContentError, type ContentErrorKind, type DocumentCodec } from '@tandem/document';
import { type DocMeta, type DocumentStore, StoreError } from '@tandem/persistence';
import { isValidDocName, validateDocName } from '@tandem/protocol';
import { ConversionBusy, ConversionFailed, ConversionTimeout, ConversionWorkerDied } from '../conversions/conversionErrors.js';
import { HttpError } from '../httpError.js';
import type { Logger } from '../logger.js';
import type { DocLifecycle } from '../webhooks/docLifecycle.js';
import type { ApiCaller, DocPermission } from './apiCaller.js';
import type { DocumentRooms } from './documentRooms.js';
import type { KeyedLock } from './keyedLock.js';
import type { RoomConversions } from './roomConversions.js';
import type { Trash } from './trash.js';

/** What the documents API's handlers share. */
export interface ApiContext {
  store: DocumentStore;
  rooms: DocumentRooms;
  /** Reads and writes of rooms' documents converted on the worker pool. */
  conversions: RoomConversions;
  codec: DocumentCodec;
  trash: Trash;
  logger: Logger;
  /** Creating, duplicating, writing, deleting and restoring a document run one at a time per name. */
  locks: KeyedLock;
  /** Documents being deleted right now: a WebSocket for one is closed with 4410 at once. */
  deleting: Set<string>;
  limits: { maxBodyBytes: number; maxDocBytes: number; retentionMs: number };
  caller: (req: IncomingMessage, url: URL) => Promise<ApiCaller>;
  requestId: () => string;
  /** Seals the cursors of filtered listings (a cluster's nodes share its key, so any node opens them). */
  cursorSeal: CursorSeal;
  /** Called once a document is deleted from the store. */
  onDeleted: (name: string) => void;
  /** What documents' lives the webhooks hear of (created, deleted, restored, …). */
  lifecycle: DocLifecycle;
}

/** The document name of a route's path, checked (400 with the reason otherwise). */
export function docNameParam(params: readonly string[]): string {
  const name = params[0] ?? '';
  if (isValidDocName(name)) return name;
  try {
    validateDocName(name);
  } catch (error) {
    throw new HttpError(400, (error as Error).message);
  }
  throw new HttpError(400, `invalid document name ${JSON.stringify(name)}`);
}

/** 403 unless the caller may; checked before anything is looked up, so a refusal does not tell whether the doc exists. */
export function requirePermission(caller: ApiCaller, permission: DocPermission, name: string): void {
  if (!caller.may(permission, name)) {
    throw new HttpError(403, `${permission === 'read' ? 'no access to' : `no ${permission} access to`} document ${JSON.stringify(name)}`);
  }
}

/** The stored metadata of an existing document; 404 when there is none. */
export async function existingDoc(context: ApiContext, name: string): Promise<DocMeta> {
  const meta = await context.store.getMeta(name);
  if (meta === null) throw new HttpError(404, `unknown document ${JSON.stringify(name)}`);
  return meta;
}

/** A worker's error as the main thread's: a ContentError is one again (with its kind). */
function fromWorker(error: unknown): unknown {
  if (error instanceof ConversionFailed && error.data.name === 'ContentError' && error.data.kind !== undefined) {
    return new ContentError(error.data.kind as ContentErrorKind, error.data.message, { cause: error });
  }
  return error;
}

/** The conversion pool's refusals and failures as answers (or null for another error). */
function conversionAnswer(error: unknown, logger: Logger, path: string): HttpError | null {
  if (error instanceof ConversionBusy) {
    return new HttpError(503, error.message, { headers: { 'Retry-After': String(error.retryAfterSec) } });
  }
  if (error instanceof ConversionTimeout) {
    logger.warn({ err: error, path }, 'documents API: a conversion timed out; its worker was replaced');
    return new HttpError(504, `${error.message}; nothing was written`);
  }
  if (error instanceof ConversionWorkerDied) {
    logger.error({ err: error, path }, 'documents API: a conversion worker died; it was replaced');
    return new HttpError(503, `${error.message}; nothing was written, try again`, { headers: { 'Retry-After': '1' } });
  }
  return null;
}

/**
 * Runs a handler, turning what its parts throw into answers: content that does not fit (400, or
 * 409 for a block that is not there any more), a store that fails (503, logged; its message may
 * name the data directory, so the caller gets none of it), a conversion refused for a full queue
 * (503 with `Retry-After`), timed out (504) or lost with its worker (503). Anything else
 * propagates (500, logged).
 */
export function answering(
  logger: Logger,
  handle: (req: IncomingMessage, res: ServerResponse, url: URL, params: string[]) => Promise<void>,
) {
  return async ({ req, res, url, params }: { req: IncomingMessage; res: ServerResponse; url: URL; params: string[] }): Promise<void> => {
    try {
      await handle(req, res, url, params);
    } catch (thrown) {
      const error = fromWorker(thrown);
      const answer = conversionAnswer(error, logger, url.pathname);
      if (answer !== null) throw answer;
      if (error instanceof ContentError) {
        if (error.kind === 'unknown-block') throw new HttpError(409, error.message);
        if (error.kind === 'unreadable-document') {
          logger.error({ err: error, path: url.pathname }, 'a stored document does not fit the schema');
          throw new HttpError(500, 'the stored document cannot be read (the server log says why)');
        }
        throw new HttpError(400, error.message);
      }
      if (error instanceof StoreError) {
        logger.error({ err: error, path: url.pathname }, 'documents API: the store failed');
        throw new HttpError(503, 'the document store failed (the server log says why); try again');
      }
      throw error;
    }
  };
}
