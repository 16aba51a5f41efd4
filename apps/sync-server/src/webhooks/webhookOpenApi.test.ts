import { describe, expect, it } from 'vitest';
import * as z from 'zod';
import { readOpenApiDocument } from '../api/openApiRoute.js';
import { webhookBodySchemas } from './webhookBodies.js';
import { WEBHOOK_EVENT_TYPES } from './webhookEventTypes.js';

const document = readOpenApiDocument() as {
  paths: Record<string, unknown>;
  webhooks: Record<string, unknown>;
  components: { schemas: Record<string, { properties?: Record<string, { enum?: string[] }> }> };
};

describe('openapi.json: webhooks', () => {
  it('has the request bodies the server validates with, and describes every event the server sends', () => {
    for (const [name, schema] of Object.entries(webhookBodySchemas)) {
      const { $schema: _, ...expected } = z.toJSONSchema(schema, { io: 'input' }) as Record<string, unknown>;
      expect(document.components.schemas[name], `components.schemas.${name}`).toEqual(expected);
    }
    expect(Object.keys(document.webhooks)).toEqual([...WEBHOOK_EVENT_TYPES]);
    expect(document.components.schemas.WebhookEvent?.properties?.type?.enum).toEqual([...WEBHOOK_EVENT_TYPES]);
  });
});
