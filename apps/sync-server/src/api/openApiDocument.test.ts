import { createMemoryStore } from '@tandem/persistence';
import { afterEach, describe, expect, it } from 'vitest';
import * as z from 'zod';
import { createTokenVerifier } from '../auth/createTokenVerifier.js';
import { resolveConfig } from '../config/index.js';
import { createLogger } from '../logger.js';
import { RoomRegistry } from '../sync/roomRegistry.js';
import { createDocumentsApi, type DocumentsApi } from './documentsApi.js';
import { readOpenApiDocument } from './openApiRoute.js';
import { requestBodySchemas } from './requestBodies.js';

type Operation = { responses: Record<string, unknown>; security?: unknown[] };
const document = readOpenApiDocument() as {
  openapi: string;
  paths: Record<string, Record<string, Operation | unknown>>;
  components: { schemas: Record<string, unknown> };
};
const methods = ['get', 'put', 'post', 'patch', 'delete'];

let api: DocumentsApi | null = null;
afterEach(() => api?.close());

function documentsApi(): DocumentsApi {
  const config = resolveConfig({});
  const store = createMemoryStore();
  const logger = createLogger('silent');
  const registry = new RoomRegistry({ store, logger, hooks: { onStored: () => {}, onConnectionsChanged: () => {} } });
  api = createDocumentsApi({ config, store, registry, verifier: createTokenVerifier(config), logger });
  return api;
}

describe('openapi.json', () => {
  it('describes exactly the routes the server has, no more, no fewer', () => {
    const documented = Object.entries(document.paths).flatMap(([path, item]) =>
      Object.keys(item)
        .filter((key) => methods.includes(key))
        .map((method) => `${method.toUpperCase()} ${path}`),
    );
    const served = documentsApi().operations.map(({ method, path }) => `${method} ${path}`);
    expect(documented.sort()).toEqual(served.sort());
  });

  it('is OpenAPI 3.1 whose every reference resolves, and every operation with credentials documents 401', () => {
    expect(document.openapi).toBe('3.1.0');
    const text = JSON.stringify(document);
    for (const [, ref] of text.matchAll(/"\$ref":"#\/([^"]+)"/g)) {
      const target = (ref as string).split('/').reduce<unknown>((node, key) => (node as Record<string, unknown>)?.[key], document);
      expect(target, ref).toBeDefined();
    }
    for (const [path, item] of Object.entries(document.paths)) {
      for (const method of methods) {
        const operation = item[method] as Operation | undefined;
        if (operation === undefined || operation.security?.length === 0) continue;
        expect(Object.keys(operation.responses), `${method} ${path}`).toContain('401');
      }
    }
  });

  it('has the request bodies the server validates with, as zod makes their JSON Schema', () => {
    for (const [name, schema] of Object.entries(requestBodySchemas)) {
      const { $schema: _, ...expected } = z.toJSONSchema(schema, { io: 'input' }) as Record<string, unknown>;
      expect(document.components.schemas[name], `components.schemas.${name}`).toEqual(expected);
    }
  });
});
