import type { EditSpec } from '../conversions/conversionMessages.js';
import { sendJson } from '../httpRoutes.js';
import { type ApiContext, answering, docNameParam, existingDoc, requirePermission } from './apiContext.js';
import type { ApiRoute } from './apiRoute.js';
import { writeLiveConverted } from './liveWrite.js';
import { readBody } from './readBody.js';
import { appendBody, parseBody, patchBody, replaceBody } from './requestBodies.js';

/**
 * Writes into a live document: `PUT /api/docs/{name}` (the whole content, and the title),
 * `POST /api/docs/{name}/append`, `PATCH /api/docs/{name}` (one block, by index or id). Each is
 * parsed and computed on a conversion worker as the smallest change against the document as it is
 * and goes through its room like a client's edit (stored, then relayed; attributed to the caller).
 * `If-Match` makes it conditional.
 */
export function writeRoutes(context: ApiContext): ApiRoute[] {
  const { rooms, conversions, logger, limits } = context;

  /** The common part: access, body, existence, then the edit under the document's lock. */
  const liveRoute = <B>(
    method: ApiRoute['method'],
    path: string,
    readInput: (body: Awaited<ReturnType<typeof readBody>>, url: URL) => B,
    edit: (input: B) => EditSpec,
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
          writeLiveConverted(conversions, room, {
            req,
            author: caller.author,
            requestId: context.requestId(),
            maxDocBytes: limits.maxDocBytes,
            edit: change,
          }),
        );
        sendJson(res, 200, { name, changed: written.changed, ...written.result }, { ETag: written.etag });
      });
    }),
  });

  return [
    liveRoute(
      'PUT',
      '/api/docs/{name}',
      (body, url) => parseBody(replaceBody, body, url),
      (input) => ({ op: 'replace', format: input.format, content: input.content, title: input.title }),
    ),
    liveRoute(
      'POST',
      '/api/docs/{name}/append',
      (body, url) => parseBody(appendBody, body, url),
      (input) => ({ op: 'append', format: input.format, content: input.content }),
    ),
    liveRoute(
      'PATCH',
      '/api/docs/{name}',
      (body, url) => parseBody(patchBody, body, url),
      (input) => ({ op: 'patch', block: input.block, format: input.format, content: input.content }),
    ),
  ];
}
