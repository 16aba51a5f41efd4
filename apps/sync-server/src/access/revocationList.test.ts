import { createMemoryStorage, createMemoryStore } from '@tandem/persistence';
import { describe, expect, it } from 'vitest';
import * as z from 'zod';
import { readOpenApiDocument } from '../api/openApiRoute.js';
import { revocationBodySchemas } from './revocationBodies.js';
import { REVOCATIONS_DOC, RevocationList } from './revocationList.js';

const HOUR = 3_600_000;
const by = { reason: null, createdBy: 'apikey:admin' };

describe('RevocationList', () => {
  it('caps a user on the documents named, a token everywhere; none beats read', async () => {
    const list = new RevocationList({ store: createMemoryStore(), maxTokenLifetimeMs: HOUR });
    await list.ready();
    await list.add({ sub: 'bob', jti: null, access: 'read', docs: ['team-*'], ...by });
    await list.add({ sub: null, jti: 'tok-1', access: 'none', docs: ['*'], ...by });
    const bob = { sub: 'bob', jti: 'tok-2' };
    expect(list.capFor(bob, 'team-plan')).toBe('read');
    expect(list.capFor(bob, 'handbook')).toBeNull();
    expect(list.capFor({ sub: 'bob', jti: 'tok-1' }, 'team-plan')).toBe('none');
    expect(list.capFor({ sub: 'ada', jti: 'tok-1' }, 'anything')).toBe('none');
    expect(list.capFor({ sub: 'ada', jti: null }, 'team-plan')).toBeNull();
    expect([list.names(bob), list.names({ sub: 'ada', jti: null })]).toEqual([true, false]);
  });

  it('is kept in the store: another process (or a restart) reads the same list; lifting removes it there too', async () => {
    const storage = createMemoryStorage();
    const one = new RevocationList({ store: createMemoryStore({ storage }), maxTokenLifetimeMs: HOUR });
    const added = await one.add({ sub: 'bob', jti: null, access: 'none', docs: ['*'], ...by });
    expect(added.id).toMatch(/^rv_/);
    const two = new RevocationList({ store: createMemoryStore({ storage }), maxTokenLifetimeMs: HOUR });
    await two.ready();
    expect(two.list()).toEqual([added]);
    expect(await two.remove(added.id)).toEqual(added);
    expect(await two.remove(added.id)).toBeNull();
    await one.load();
    expect(one.list()).toEqual([]);
    expect(await createMemoryStore({ storage }).getMeta(REVOCATIONS_DOC)).not.toBeNull();
  });

  it('changes made by two processes at once are both kept (Yjs merges them)', async () => {
    const storage = createMemoryStorage();
    const lists = [0, 1].map(() => new RevocationList({ store: createMemoryStore({ storage }), maxTokenLifetimeMs: HOUR }));
    await Promise.all(lists.map((list, i) => list.add({ sub: `user-${i}`, jti: null, access: 'read', docs: ['*'], ...by })));
    const reader = new RevocationList({ store: createMemoryStore({ storage }), maxTokenLifetimeMs: HOUR });
    await reader.ready();
    expect(
      reader
        .list()
        .map((entry) => entry.sub)
        .sort(),
    ).toEqual(['user-0', 'user-1']);
  });

  it("forgets a token's revocation once that token has expired anyway; a user's stays", async () => {
    let now = 1_000_000;
    const list = new RevocationList({ store: createMemoryStore(), maxTokenLifetimeMs: HOUR, now: () => now });
    await list.add({ sub: null, jti: 'old-token', access: 'none', docs: ['*'], ...by });
    await list.add({ sub: 'bob', jti: null, access: 'none', docs: ['*'], ...by });
    now += HOUR + 1;
    await list.add({ sub: null, jti: 'new-token', access: 'none', docs: ['*'], ...by });
    expect(list.list().map((entry) => entry.jti ?? entry.sub)).toEqual(['new-token', 'bob']);
  });

  it('refuses a bad document pattern before storing anything', async () => {
    const store = createMemoryStore();
    const list = new RevocationList({ store, maxTokenLifetimeMs: HOUR });
    await expect(list.add({ sub: 'bob', jti: null, access: 'none', docs: ['a*b'], ...by })).rejects.toThrow(/"\*" at its end/);
    expect(await store.getMeta(REVOCATIONS_DOC)).toBeNull();
  });
});

describe('openapi.json: revocations', () => {
  it('documents the routes and has the request body the server validates with', () => {
    const document = readOpenApiDocument() as { paths: Record<string, unknown>; components: { schemas: Record<string, unknown> } };
    expect(Object.keys(document.paths)).toEqual(expect.arrayContaining(['/api/revocations', '/api/revocations/{id}']));
    for (const [name, schema] of Object.entries(revocationBodySchemas)) {
      const { $schema: _, ...expected } = z.toJSONSchema(schema, { io: 'input' }) as Record<string, unknown>;
      expect(document.components.schemas[name], `components.schemas.${name}`).toEqual(expected);
    }
  });
});
