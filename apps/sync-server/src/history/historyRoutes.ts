import { maxVersionListLimit } from '@tandem/persistence';
import { type ApiContext, answering, docNameParam, existingDoc, requirePermission } from '../api/apiContext.js';
import type { ApiRoute } from '../api/apiRoute.js';
import { readBody } from '../api/readBody.js';
import { parseBody } from '../api/requestBodies.js';
import { RESPONSE_FORMATS, responseFormat } from '../api/responseFormat.js';
import { sendDocument } from '../api/sendBody.js';
import { HttpError } from '../httpError.js';
import { sendJson, sendJsonWith } from '../httpRoutes.js';
import { createVersionBody, restoreVersionBody } from './historyBodies.js';
import { restoreVersion } from './restoreVersion.js';
import { VersionComparisons } from './versionComparisons.js';
import { packBatches } from './packedBatches.js';
import { VersionReads } from './versionReads.js';
import { batchesThrough, existingVersion, seqParam } from './versionState.js';

/** A query parameter that must be a whole number in a range, if given. */
function intQuery(url: URL, key: string, min: number, max: number): number | null {
  const text = url.searchParams.get(key);
  if (text === null) return null;
  if (!/^\d{1,15}$/.test(text) || Number(text) < min || Number(text) > max) {
    throw new HttpError(400, `invalid "${key}" ${JSON.stringify(text)}: expected an integer ${min}..${max}`);
  }
  return Number(text);
}

/**
 * The version history of a document (`/api/docs/{name}/versions…`): list, name, read a version in
 * any format, compare two versions (or one with now), restore. Reading needs read access, naming
 * and restoring write access. These routes go before the documents API's own, whose `{name}` would
 * otherwise take `…/versions` as part of a name (a name with a `/` is percent-encoded in a path).
 */
export function historyRoutes(context: ApiContext): ApiRoute[] {
  const { store, rooms, logger, limits } = context;
  const reads = new VersionReads(store, context.conversions.pool);
  const comparisons = new VersionComparisons(store, context.conversions.pool);
  return [
    {
      method: 'GET',
      path: '/api/docs/{name}/versions/{seq}/compare',
      handle: answering(logger, async (req, res, url, params) => {
        const name = docNameParam(params);
        requirePermission(await context.caller(req, url), 'read', name);
        const from = seqParam(params[1]);
        const toText = url.searchParams.get('to') ?? 'current';
        const format = url.searchParams.get('format') ?? 'json';
        if (format !== 'json' && format !== 'html')
          throw new HttpError(400, `invalid "format" ${JSON.stringify(format)}: expected json or html`);
        await existingVersion(store, name, from);
        const meta = await existingDoc(context, name);
        const to = toText === 'current' ? meta.seq : seqParam(toText, '"to"');
        if (toText !== 'current') await existingVersion(store, name, to);
        if (to < from) throw new HttpError(400, `"to" (${to}) is before the version compared (${from}): compare the older with the newer`);
        const { changes, authors, body } = await comparisons.get(name, meta.createdAt, from, to, format);
        // HTML: the same document written by the schema (the browser parses it much faster than it builds nodes from JSON).
        if (format === 'html') sendJson(res, 200, { name, from, to, changes, authors, html: Buffer.from(body).toString('utf8') });
        else sendJsonWith(res, 200, { name, from, to, changes, authors }, { key: 'content', json: body });
      }),
    },
    {
      method: 'POST',
      path: '/api/docs/{name}/versions/{seq}/restore',
      handle: answering(logger, async (req, res, url, params) => {
        const name = docNameParam(params);
        const caller = await context.caller(req, url);
        requirePermission(caller, 'write', name);
        const seq = seqParam(params[1]);
        const body = parseBody(restoreVersionBody, await readBody(req, limits.maxBodyBytes), url);
        await context.locks.run(name, async () => {
          await existingDoc(context, name);
          await existingVersion(store, name, seq);
          const batches = packBatches(await batchesThrough(store, name, seq));
          const answer = await rooms.with(name, async (room) => {
            await room.whenDurable().catch(() => {
              throw new HttpError(503, 'the document could not be stored; try again');
            });
            // The document as it was before the restore is a version too, so the restore can be undone by restoring it.
            const before = await store.createVersion(name, { kind: 'auto' });
            const result = await restoreVersion(context.conversions, room, batches, {
              req,
              author: caller.author,
              clientId: body.clientId ?? null,
              requestId: context.requestId(),
              maxDocBytes: limits.maxDocBytes,
            });
            return { before, result };
          });
          const { before, result } = answer;
          void context.lifecycle.versionRestored(name, {
            seq,
            toSeq: (await store.getMeta(name))?.seq ?? 0,
            restoredBy: caller.author,
            versionBefore: before?.seq ?? null,
            changed: result.changed,
          });
          sendJson(
            res,
            200,
            {
              name,
              restored: seq,
              changed: result.changed,
              before: before?.seq ?? null,
              update: result.update === null ? null : Buffer.from(result.update).toString('base64'),
              viaConnection: result.viaConnection,
              baseStateVector: Buffer.from(result.base).toString('base64'),
            },
            { ETag: result.etag },
          );
        });
      }),
    },
    {
      method: 'GET',
      path: '/api/docs/{name}/versions/{seq}',
      handle: answering(logger, async (req, res, url, params) => {
        const name = docNameParam(params);
        const format = responseFormat(req, url);
        requirePermission(await context.caller(req, url), 'read', name);
        const seq = seqParam(params[1]);
        const version = await existingVersion(store, name, seq);
        const meta = await existingDoc(context, name);
        const read = await reads.get(name, meta.createdAt, seq, format);
        const { etag } = read;
        if (format === 'yjs') return sendDocument(res, read.update, RESPONSE_FORMATS.yjs, etag);
        if (format === 'json') {
          return sendJsonWith(
            res,
            200,
            { name, version, title: read.title, blocks: read.blocks },
            { key: 'content', json: read.body },
            { ETag: etag, Vary: 'Accept', 'Cache-Control': 'private, max-age=3600' },
          );
        }
        return sendDocument(res, read.body, `${RESPONSE_FORMATS[format]}; charset=utf-8`, etag);
      }),
    },
    {
      method: 'GET',
      path: '/api/docs/{name}/versions',
      handle: answering(logger, async (req, res, url, params) => {
        const name = docNameParam(params);
        requirePermission(await context.caller(req, url), 'read', name);
        const before = intQuery(url, 'before', 1, Number.MAX_SAFE_INTEGER);
        const limit = intQuery(url, 'limit', 1, maxVersionListLimit) ?? 100;
        const page = await store.listVersions(name, { before, limit });
        if (page === null) throw new HttpError(404, `unknown document ${JSON.stringify(name)}`);
        sendJson(res, 200, { name, ...page });
      }),
    },
    {
      method: 'POST',
      path: '/api/docs/{name}/versions',
      handle: answering(logger, async (req, res, url, params) => {
        const name = docNameParam(params);
        const caller = await context.caller(req, url);
        requirePermission(caller, 'write', name);
        const body = parseBody(createVersionBody, await readBody(req, limits.maxBodyBytes), url);
        await existingDoc(context, name);
        if (body.seq !== undefined) await existingVersion(store, name, body.seq);
        const version = await store.createVersion(name, {
          kind: 'named',
          name: body.name,
          ...(caller.author === null ? {} : { createdBy: caller.author }),
          ...(body.seq === undefined ? {} : { seq: body.seq }),
        });
        if (version === null) throw new HttpError(409, `document ${JSON.stringify(name)} has no content to version yet`);
        sendJson(res, 201, { name, version });
      }),
    },
  ];
}
