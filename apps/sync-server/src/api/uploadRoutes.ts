import { createReadStream } from 'node:fs';
import type { ServerResponse } from 'node:http';
import { pipeline } from 'node:stream/promises';
import { HttpError } from '../httpError.js';
import { sendJson } from '../httpRoutes.js';
import { UploadRefused } from '../uploads/uploadRefused.js';
import type { Uploads } from '../uploads/createUploads.js';
import type { UploadFile } from '../uploads/uploadStore.js';
import { type ApiContext, answering, docNameParam, requirePermission } from './apiContext.js';
import type { ApiRoute } from './apiRoute.js';

/** The address of an uploaded image, relative to the server. */
export const uploadPath = (name: string) => `/api/uploads/${name}`;

const REFUSAL_STATUS = { 'too-large': 413, empty: 400, svg: 415, 'not-an-image': 415 } as const;

/**
 * Images uploaded into documents. `POST /api/docs/{name}/uploads` takes the file's bytes as the
 * body (any Content-Type but a form: the type is read from the bytes) and needs write access to
 * the document; the image is then at `GET /api/uploads/{sha256}.{ext}`, which needs no token: its
 * address names its content (nobody finds it without having the picture or the document), and
 * the same bytes are the same address for ever, so it is cached for a year. These routes go before
 * the documents API's own (whose `{name}` would take `…/uploads`). `POST /api/uploads/sweep` (API
 * key with the `admin` scope) frees now what nothing refers to, as the background sweep does.
 */
export function uploadRoutes(context: ApiContext, { store: uploads, sweeper }: Uploads): ApiRoute[] {
  const { logger } = context;
  return [
    {
      method: 'POST',
      path: '/api/uploads/sweep',
      handle: answering(logger, async (req, res, url) => {
        const caller = await context.caller(req, url);
        if (!caller.admin) throw new HttpError(403, 'sweeping images needs an API key with the "admin" scope');
        const report = await sweeper.sweep();
        if (report.outcome === 'busy')
          throw new HttpError(409, 'another node is sweeping images right now; try again later', { headers: { 'Retry-After': '60' } });
        if (report.outcome === 'failed') throw new HttpError(503, `the sweep stopped: ${report.reason ?? 'unknown reason'}`);
        logger.info({ by: caller.author, freedFiles: report.freedFiles }, 'images swept on request');
        sendJson(res, 200, report);
      }),
    },
    {
      method: 'POST',
      path: '/api/docs/{name}/uploads',
      handle: answering(logger, async (req, res, url, params) => {
        const name = docNameParam(params);
        const caller = await context.caller(req, url);
        requirePermission(caller, 'write', name);
        if ((req.headers['content-type'] ?? '').toLowerCase().startsWith('multipart/')) {
          throw new HttpError(415, 'send the image itself as the request body (curl --data-binary @photo.png), not a form');
        }
        const writer = await uploads.begin();
        let stored: Awaited<ReturnType<typeof writer.finish>>;
        try {
          // Read to the end even past the limit: a browser shows an answer only once it has sent everything.
          for await (const chunk of req) await writer.write(chunk as Buffer);
          stored = await writer.finish();
        } catch (error) {
          await writer.abort();
          if (!(error instanceof UploadRefused)) throw error;
          throw new HttpError(REFUSAL_STATUS[error.kind], error.message, {
            details: { reason: error.kind, ...(error.kind === 'too-large' ? { maxBytes: uploads.maxBytes } : {}) },
          });
        }
        logger.info({ doc: name, upload: stored.name, bytes: stored.bytes, author: caller.author }, 'image uploaded');
        const path = uploadPath(stored.name);
        sendJson(
          res,
          201,
          { name: stored.name, url: path, sha256: stored.sha256, type: stored.type.mediaType, bytes: stored.bytes },
          { Location: path },
        );
      }),
    },
    {
      method: 'GET',
      path: '/api/uploads/{file}',
      handle: answering(logger, async (req, res, _url, params) => {
        const file = await uploads.find(params[0] ?? '');
        if (file === null) throw new HttpError(404, 'no such image');
        const etag = `"${file.sha256}"`;
        if (req.headers['if-none-match'] === etag) {
          res.writeHead(304, { ...imageHeaders(file), ETag: etag });
          res.end();
          return;
        }
        await sendImage(res, file, etag, req.method === 'HEAD');
      }),
    },
  ];
}

/** What every answer about an image says: what it is, that it never changes, and not to treat it as anything else. */
function imageHeaders(file: UploadFile): Record<string, string> {
  return {
    'Content-Type': file.type.mediaType,
    'Cache-Control': 'public, max-age=31536000, immutable',
    'X-Content-Type-Options': 'nosniff',
    // Opened on its own, it is still only a picture; and the editor's page (another origin) may show it.
    'Content-Security-Policy': "default-src 'none'; sandbox",
    'Cross-Origin-Resource-Policy': 'cross-origin',
    'Access-Control-Allow-Origin': '*',
  };
}

async function sendImage(res: ServerResponse, file: UploadFile, etag: string, headOnly: boolean): Promise<void> {
  res.writeHead(200, { ...imageHeaders(file), 'Content-Length': file.bytes, ETag: etag });
  if (headOnly) {
    res.end();
    return;
  }
  await pipeline(createReadStream(file.path), res);
}
