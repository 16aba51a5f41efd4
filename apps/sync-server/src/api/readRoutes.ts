import { type DocMeta, StoreError } from '@tandem/persistence';
import { InvalidListCursor, listGrantedDocs } from '../security/listGrantedDocs.js';
import type { ReadResult } from '../conversions/conversionMessages.js';
import { HttpError } from '../httpError.js';
import { sendJson } from '../httpRoutes.js';
import { type ApiContext, answering, docNameParam, existingDoc, requirePermission } from './apiContext.js';
import type { ApiRoute } from './apiRoute.js';
import { docVersion } from './docVersion.js';
import { isDocument, parseListQuery } from './listQuery.js';
import { notModified } from './preconditions.js';
import { RESPONSE_FORMATS, responseFormat } from './responseFormat.js';
import { sendDocument, sendNotModified } from './sendBody.js';
import * as Y from 'yjs';

/** The store's default page size, for a filtered listing asked without `limit`. */
const defaultListLimit = 100;

/** `GET /api/docs`, `GET /api/docs/{name}`, `GET /api/trash`. */
export function readRoutes(context: ApiContext): ApiRoute[] {
  const { store, rooms, logger } = context;
  return [
    {
      method: 'GET',
      path: '/api/docs',
      handle: answering(logger, async (req, res, url) => {
        const query = parseListQuery(url);
        const caller = await context.caller(req, url);
        try {
          if (caller.readsAll && query.matches === null) {
            // Every document: the store's own pages (and cursors), without what is no document.
            const page = await store.list({ cursor: query.cursor, limit: query.limit });
            sendJson(res, 200, { docs: page.docs.filter(isDocument), nextCursor: page.nextCursor });
          } else {
            // Only matching docs, in the page and in the (sealed) cursor; a page may hold fewer than `limit`.
            const matches = query.matches ?? (() => true);
            const page = await listGrantedDocs(store, {
              cursor: query.cursor,
              limit: query.limit ?? defaultListLimit,
              canRead: (name) => caller.may('read', name),
              matches: (doc) => isDocument(doc) && matches(doc),
              seal: context.cursorSeal,
            });
            sendJson(res, 200, page);
          }
        } catch (error) {
          if (error instanceof InvalidListCursor) throw new HttpError(400, error.message);
          if (query.cursor !== null && error instanceof StoreError && /cursor/.test(error.message)) {
            throw new HttpError(400, `invalid cursor ${JSON.stringify(query.cursor)}`);
          }
          throw error;
        }
      }),
    },
    {
      method: 'GET',
      path: '/api/docs/{name}',
      handle: answering(logger, async (req, res, url, params) => {
        const name = docNameParam(params);
        const format = responseFormat(req, url);
        requirePermission(await context.caller(req, url), 'read', name);
        const meta = await existingDoc(context, name);
        await rooms.with(name, async (room) => {
          // What is read has been stored (a write in flight when the request came is waited for).
          await room.whenDurable().catch(() => {
            throw new HttpError(503, 'the document could not be stored; try again');
          });
          const etag = docVersion(room.doc);
          if (notModified(req, etag)) return sendNotModified(res, etag);
          if (format === 'yjs') return sendDocument(res, Y.encodeStateAsUpdate(room.doc), RESPONSE_FORMATS.yjs, etag);
          // Converted on a worker: the event loop goes on relaying keystrokes meanwhile.
          const converted = await context.conversions.read(room, format, etag);
          if (format === 'json')
            return sendDocument(res, documentJson(meta, converted), `${RESPONSE_FORMATS.json}; charset=utf-8`, converted.etag);
          return sendDocument(res, converted.body, `${RESPONSE_FORMATS[format]}; charset=utf-8`, converted.etag);
        });
      }),
    },
    {
      method: 'GET',
      path: '/api/trash',
      handle: answering(logger, async (req, res, url) => {
        const caller = await context.caller(req, url);
        const docs = (await context.trash.entries())
          .filter((entry) => caller.may('read', entry.name))
          .map(({ key: _key, ...entry }) => entry);
        sendJson(res, 200, { docs });
      }),
    },
  ];
}

/**
 * The JSON of a document: its metadata, the live title, then the ids of its blocks and its content
 * (`converted.body`, the worker's `{"blocks":…,"content":…}`, spliced in as it is, not parsed again).
 */
function documentJson(meta: DocMeta, converted: ReadResult): Buffer {
  const head = Buffer.from(JSON.stringify({ ...meta, title: converted.title === '' ? meta.title : converted.title }).slice(0, -1));
  return Buffer.concat([
    head,
    Buffer.from(','),
    Buffer.from(converted.body.buffer, converted.body.byteOffset + 1, converted.body.byteLength - 1),
  ]);
}
