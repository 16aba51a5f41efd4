import { describe, expect, it } from 'vitest';
import * as z from 'zod';
import { readOpenApiDocument } from '../api/openApiRoute.js';
import { historyBodySchemas } from './historyBodies.js';

const document = readOpenApiDocument() as { paths: Record<string, unknown>; components: { schemas: Record<string, unknown> } };

describe('openapi.json: version history', () => {
  it('documents the history routes and has the request bodies the server validates with', () => {
    for (const path of [
      '/api/docs/{name}/versions',
      '/api/docs/{name}/versions/{seq}',
      '/api/docs/{name}/versions/{seq}/compare',
      '/api/docs/{name}/versions/{seq}/restore',
    ]) {
      expect(document.paths[path], path).toBeDefined();
    }
    for (const [name, schema] of Object.entries(historyBodySchemas)) {
      const { $schema: _, ...expected } = z.toJSONSchema(schema, { io: 'input' }) as Record<string, unknown>;
      expect(document.components.schemas[name], `components.schemas.${name}`).toEqual(expected);
    }
  });
});
