import { CloseCode, DocSchema } from '@tandem/protocol';
import * as Y from 'yjs';
import { HttpError } from '../httpError.js';
import { sendJson } from '../httpRoutes.js';
import type { Room } from '../sync/room.js';
import { type ApiContext, answering, docNameParam, existingDoc, requirePermission } from './apiContext.js';
import type { ApiRoute } from './apiRoute.js';
import { ApiPeer } from './apiPeer.js';
import { docVersion } from './docVersion.js';
import { writeLiveConverted } from './liveWrite.js';
import { checkIfMatch } from './preconditions.js';
import { readBody } from './readBody.js';
import { createBody, duplicateBody, parseBody } from './requestBodies.js';
import type { TrashEntry } from './trash.js';

const docPath = (name: string) => `/api/docs/${encodeURIComponent(name)}`;

const closeConnections = (room: Room) => {
  for (const connection of [...room.connections]) connection.close(CloseCode.DocumentDeleted);
};

/**
 * A document's life: create (`POST /api/docs`), duplicate, delete (kept restorable for
 * `deletedDocRetentionSec`, see `Trash`), restore, and purge from the trash before that. Each runs under its documents' locks, and
 * what it writes goes through the room like any edit.
 */
export function lifecycleRoutes(context: ApiContext): ApiRoute[] {
  const { store, rooms, conversions, trash, logger, limits, locks } = context;

  const refuseExisting = async (name: string) => {
    if (context.deleting.has(name)) {
      throw new HttpError(409, `document ${JSON.stringify(name)} is still being deleted; try again`, { headers: { 'Retry-After': '1' } });
    }
    if ((await store.getMeta(name)) !== null) throw new HttpError(409, `document ${JSON.stringify(name)} already exists`);
  };

  /** Puts a whole Yjs state into a new document through its room (for duplicate and restore). */
  const writeState = async (room: Room, state: Uint8Array, author: string | null) => {
    const peer = new ApiPeer(`api-${context.requestId()}`, author);
    const stored = room.receiveUpdates(peer, [state]);
    if (peer.rejected !== null) throw new Error('the room refused a stored state', { cause: peer.rejected });
    const etag = docVersion(room.doc);
    await stored.catch(() => {
      throw new HttpError(503, 'storing the document failed; nothing of it was kept, try again');
    });
    return etag;
  };

  return [
    {
      method: 'POST',
      path: '/api/docs',
      handle: answering(logger, async (req, res, url) => {
        const caller = await context.caller(req, url);
        const input = parseBody(createBody, await readBody(req, limits.maxBodyBytes), url);
        requirePermission(caller, 'write', input.name);
        await locks.run(input.name, async () => {
          await refuseExisting(input.name);
          const { etag } = await rooms.with(input.name, (room) =>
            writeLiveConverted(conversions, room, {
              req,
              author: caller.author,
              requestId: context.requestId(),
              maxDocBytes: limits.maxDocBytes,
              edit: {
                op: 'replace',
                format: input.content === undefined ? 'text' : input.format,
                content: input.content ?? '',
                title: input.title,
              },
            }),
          );
          await context.lifecycle.created(input.name);
          sendJson(res, 201, await existingDoc(context, input.name), { ETag: etag, Location: docPath(input.name) });
        });
      }),
    },
    {
      method: 'POST',
      path: '/api/docs/{name}/duplicate',
      handle: answering(logger, async (req, res, url, params) => {
        const source = docNameParam(params);
        const caller = await context.caller(req, url);
        const input = parseBody(duplicateBody, await readBody(req, limits.maxBodyBytes), url);
        requirePermission(caller, 'read', source);
        requirePermission(caller, 'write', input.name);
        await existingDoc(context, source);
        const state = await rooms.with(source, async (room) => {
          await room.whenDurable();
          return Y.encodeStateAsUpdate(room.doc);
        });
        await locks.run(input.name, async () => {
          await refuseExisting(input.name);
          const etag = await rooms.with(input.name, async (room) => {
            const copied = await writeState(room, state, caller.author);
            if (input.title === undefined) return copied;
            const titled = await writeLiveConverted(conversions, room, {
              req,
              author: caller.author,
              requestId: context.requestId(),
              maxDocBytes: limits.maxDocBytes,
              edit: { op: 'title', title: input.title },
            });
            return titled.etag;
          });
          await context.lifecycle.created(input.name);
          sendJson(res, 201, await existingDoc(context, input.name), { ETag: etag, Location: docPath(input.name) });
        });
      }),
    },
    {
      method: 'DELETE',
      path: '/api/docs/{name}',
      handle: answering(logger, async (req, res, url, params) => {
        const name = docNameParam(params);
        const caller = await context.caller(req, url);
        requirePermission(caller, 'delete', name);
        await locks.run(name, async () => {
          const meta = await existingDoc(context, name);
          // From here until its room is unloaded, a WebSocket for it is closed at once (4410).
          context.deleting.add(name);
          let room: Room | null = null;
          let entry: TrashEntry | null = null;
          try {
            const read = await rooms.with(name, async (loaded) => {
              room = loaded;
              checkIfMatch(req, docVersion(loaded.doc));
              // Nobody writes into it any more: open connections are told (4410, no retry).
              closeConnections(loaded);
              await loaded.whenDurable();
              return { state: Y.encodeStateAsUpdate(loaded.doc), title: loaded.doc.getText(DocSchema.title).toString() || meta.title };
            });
            // Changes not announced yet go out before the deletion does.
            await context.lifecycle.deleting(name);
            if (limits.retentionMs > 0) entry = await trash.add(name, read.state, { title: read.title || null, deletedBy: caller.author });
            await store.delete(name);
            context.onDeleted(name);
          } catch (error) {
            context.deleting.delete(name);
            throw error;
          }
          rooms.forget(name);
          const loaded = room as Room | null;
          if (loaded === null || loaded.isDestroyed) {
            context.deleting.delete(name);
          } else {
            // A connection that slipped in meanwhile is closed too; the name is free once the room is gone.
            closeConnections(loaded);
            loaded.doc.once('destroy', () => context.deleting.delete(name));
          }
          const deletedAt = entry?.deletedAt ?? Date.now();
          await context.lifecycle.deleted(name, {
            title: entry?.title ?? meta.title,
            deletedBy: caller.author,
            deletedAt,
            purgeAt: entry?.purgeAt ?? null,
            trashKey: entry?.key ?? null,
          });
          logger.info({ doc: name, by: caller.author, purgeAt: entry?.purgeAt ?? deletedAt }, 'document deleted through the API');
          sendJson(res, 200, { name, deletedAt, purgeAt: entry?.purgeAt ?? deletedAt });
        });
      }),
    },
    {
      method: 'POST',
      path: '/api/docs/{name}/restore',
      handle: answering(logger, async (req, res, url, params) => {
        const name = docNameParam(params);
        const caller = await context.caller(req, url);
        requirePermission(caller, 'delete', name);
        await locks.run(name, async () => {
          const entry = await trash.latest(name);
          if (entry === null) throw new HttpError(404, `no deleted document ${JSON.stringify(name)} to restore (never deleted, or purged)`);
          await refuseExisting(name);
          const content = await trash.content(entry);
          if (content === null) {
            await trash.remove(entry);
            throw new HttpError(404, `the content of deleted document ${JSON.stringify(name)} is gone`);
          }
          // Its first stored changes are the restore, announced as such (not as a new document).
          const release = context.lifecycle.restoring(name);
          let etag: string;
          try {
            etag = await rooms.with(name, (room) => writeState(room, content, caller.author));
            await trash.remove(entry);
            const restored = await existingDoc(context, name);
            await context.lifecycle.restored(name, {
              title: restored.title,
              restoredBy: caller.author,
              deletedAt: entry.deletedAt,
              seq: restored.seq,
            });
          } finally {
            release();
          }
          logger.info({ doc: name, by: caller.author, deletedAt: entry.deletedAt }, 'document restored through the API');
          sendJson(res, 200, await existingDoc(context, name), { ETag: etag, Location: docPath(name) });
        });
      }),
    },
    {
      method: 'DELETE',
      path: '/api/trash/{name}',
      handle: answering(logger, async (req, res, url, params) => {
        const name = docNameParam(params);
        const caller = await context.caller(req, url);
        requirePermission(caller, 'delete', name);
        await locks.run(name, async () => {
          const purged = await trash.purge(name);
          if (purged.length === 0)
            throw new HttpError(404, `no deleted document ${JSON.stringify(name)} to purge (never deleted, or purged)`);
          logger.info({ doc: name, by: caller.author, purged: purged.length }, 'deleted document purged through the API');
          sendJson(res, 200, { name, purged: purged.length });
        });
      }),
    },
  ];
}
