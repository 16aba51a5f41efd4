import { createHash } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { signToken } from '@tandem/tokens';
import { describe, expect, it } from 'vitest';
import { createTokenVerifier } from '../auth/createTokenVerifier.js';
import { resolveConfig } from '../config/index.js';
import { apiCaller } from './apiCaller.js';
import { ApiKeys } from './apiKeys.js';

const SECRET = 'x'.repeat(40);
const KEY = 'tdk_reader-key-of-the-search-indexer';
const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');
const keys = new ApiKeys([
  { id: 'indexer', sha256: sha256(KEY), scopes: ['docs:read'], docs: ['team-*'] },
  { id: 'bot', sha256: sha256('tdk_bot'), scopes: ['docs:read', 'docs:write'], docs: ['*'] },
]);
const request = (bearer?: string) =>
  ({ headers: bearer === undefined ? {} : { authorization: `Bearer ${bearer}` } }) as unknown as IncomingMessage;
const url = new URL('http://x/api/docs');

describe('apiCaller', () => {
  it('a token: read or write from its docs claim, write includes delete; the author is its sub', async () => {
    const verifier = await createTokenVerifier(resolveConfig({ authSecret: SECRET }));
    const token = await signToken({ secret: SECRET, sub: 'ada', docs: { 'team-*': 'write', handbook: 'read' }, expiresIn: 60 });
    const caller = await apiCaller(request(token), url, verifier, keys);
    expect(caller.author).toBe('ada');
    expect(['read', 'write', 'delete'].map((p) => caller.may(p as 'read', 'team-a'))).toEqual([true, true, true]);
    expect(['read', 'write', 'delete'].map((p) => caller.may(p as 'read', 'handbook'))).toEqual([true, false, false]);
    expect(caller.may('read', 'secret')).toBe(false);
    expect(caller.readsAll).toBe(false);
  });

  it('an API key: its scopes on its documents; the author is apikey:<id>', async () => {
    const verifier = await createTokenVerifier(resolveConfig({ authSecret: SECRET }));
    const indexer = await apiCaller(request(KEY), url, verifier, keys);
    expect(indexer.author).toBe('apikey:indexer');
    expect([indexer.may('read', 'team-a'), indexer.may('write', 'team-a'), indexer.may('read', 'other')]).toEqual([true, false, false]);
    const bot = await apiCaller(request('tdk_bot'), url, verifier, keys);
    expect([bot.may('write', 'any'), bot.may('delete', 'any'), bot.readsAll]).toEqual([true, false, true]);
  });

  it('401 with WWW-Authenticate: no credentials, a bad token, an unknown key (even in open mode)', async () => {
    const verifier = await createTokenVerifier(resolveConfig({ authSecret: SECRET }));
    for (const bearer of [undefined, 'garbage', 'tdk_unknown']) {
      await expect(apiCaller(request(bearer), url, verifier, keys)).rejects.toMatchObject({
        status: 401,
        headers: { 'WWW-Authenticate': expect.stringMatching(/^Bearer realm="tandem"/) },
      });
    }
    const open = await createTokenVerifier(resolveConfig({}));
    expect((await apiCaller(request(), url, open, keys)).may('delete', 'x')).toBe(true);
    await expect(apiCaller(request('tdk_unknown'), url, open, keys)).rejects.toMatchObject({ status: 401 });
  });
});
