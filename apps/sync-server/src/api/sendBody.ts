import type { ServerResponse } from 'node:http';

/** Sends a document in one format, with its version and the headers a cache and a browser need. */
export function sendDocument(res: ServerResponse, body: string | Uint8Array, contentType: string, etag: string): void {
  const bytes = typeof body === 'string' ? Buffer.from(body, 'utf8') : body;
  res.writeHead(200, {
    'Content-Type': contentType,
    'Content-Length': bytes.byteLength,
    ETag: etag,
    Vary: 'Accept',
    'Cache-Control': 'private, no-cache',
    'Access-Control-Allow-Origin': '*',
    'Access-Control-Expose-Headers': 'ETag',
  });
  res.end(bytes);
}

/** 304: the caller's copy (If-None-Match) is current. */
export function sendNotModified(res: ServerResponse, etag: string): void {
  res.writeHead(304, { ETag: etag, Vary: 'Accept', 'Cache-Control': 'private, no-cache', 'Access-Control-Allow-Origin': '*' });
  res.end();
}
