import { readFileSync } from 'node:fs';
import { sendJson } from '../httpRoutes.js';
import type { ApiRoute } from './apiRoute.js';

/** The checked-in OpenAPI 3.1 document of the documents API (`apps/sync-server/openapi.json`). */
export function readOpenApiDocument(): Record<string, unknown> {
  // From src/api/ and from dist/api/ alike.
  return JSON.parse(readFileSync(new URL('../../openapi.json', import.meta.url), 'utf8')) as Record<string, unknown>;
}

/** `GET /api/openapi.json`: the document, read once at start. */
export function openApiRoute(): ApiRoute {
  const document = readOpenApiDocument();
  return {
    method: 'GET',
    path: '/api/openapi.json',
    handle: async ({ res }) => sendJson(res, 200, document, { 'Cache-Control': 'public, max-age=300' }),
  };
}
