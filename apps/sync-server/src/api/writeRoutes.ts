import { appendContent, replaceBlock, replaceContent, setTitle } from '@tandem/document';
import { sendJson } from '../httpRoutes.js';
import { type ApiContext, answering, docNameParam, existingDoc, requirePermission } from './apiContext.js';
import type { ApiRoute } from './apiRoute.js';
import { writeLive } from './liveWrite.js';
import { readBody } from './readBody.js';
import { appendBody, parseBody, patchBody, replaceBody } from './requestBodies.js';

/**
 * Writes into a live document: `PUT /api/docs/{name}` (the whole content, and the title),
 * `POST /api/docs/{name}/append`, `PATCH /api/docs/{name}` (one block, by index or id). Each is
 * computed as the smallest change against the document as it is and goes through its room like a
 * client's edit (stored, then relayed; attributed to the caller). `If-Match` makes it conditional.
 */
export function writeRoutes(context: ApiContext): ApiRoute[] {
  const { rooms, codec, logger, limits } = context;

  /** The common part: access, body, existence, then the edit under the document's lock. */
  const liveRoute = <B>(
    method: ApiRoute['method'],
    path: string,
    readInput: (body: Awaited<ReturnType<typeof readBody>>, url: URL) => B,
    edit: (input: B) => Parameters<typeof writeLive>[2]['edit'],
  ): ApiRoute => ({
    method,
    path,
    handle: answering(logger, async (req, res, url, params) => {
      const name = docNameParam(params);
      const caller = await context.caller(req, url);
      requirePermission(caller, 'write', name);
      const input = readInput(await readBody(req, limits.maxBodyBytes), url);
      const change = edit(input);
      await context.locks.run(name, async () => {
        await existingDoc(context, name);
        const written = await rooms.with(name, (room) =>
          writeLive(rooms, room, {
            req,
            author: caller.author,
            requestId: context.requestId(),
            maxDocBytes: limits.maxDocBytes,
            edit: change,
          }),
        );
        sendJson(res, 200, { name, changed: written.changed, ...(written.result as object) }, { ETag: written.etag });
      });
    }),
  });

  return [
    liveRoute(
      'PUT',
      '/api/docs/{name}',
      (body, url) => parseBody(replaceBody, body, url),
      (input) => {
        const doc = codec.parse(input.format, input.content);
        return (view) => {
          replaceContent(view, doc);
          if (input.title !== undefined) setTitle(view.doc, input.title);
          return {};
        };
      },
    ),
    liveRoute(
      'POST',
      '/api/docs/{name}/append',
      (body, url) => parseBody(appendBody, body, url),
      (input) => {
        const doc = codec.parse(input.format, input.content);
        return (view) => {
          const before = view.blockCount;
          appendContent(view, doc);
          return { blocks: view.blockIds(before) };
        };
      },
    ),
    liveRoute(
      'PATCH',
      '/api/docs/{name}',
      (body, url) => parseBody(patchBody, body, url),
      (input) => {
        const doc = codec.parse(input.format, input.content);
        return (view) => {
          const { index } = replaceBlock(view, typeof input.block === 'number' ? { index: input.block } : { id: input.block }, doc);
          return { index, blocks: view.blockIds(index, index + doc.childCount) };
        };
      },
    ),
  ];
}
