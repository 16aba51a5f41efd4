import { signToken } from '@tandem/sync-server';
import { beforeAll, expect } from 'vitest';
import { type StartedServer, startServer } from '../src/helpers/index.js';
import { type ApiResponse, apiClient, type Call, docPath, makeApiKey } from './apiClient.js';

// What the endpoint tests (endpoints.test.ts, endpointWrites.test.ts) share: a real server (port 0,
// LevelDB in a temp dir) with auth on, its callers' credentials, and the checks every endpoint gets.
// `server` and `call` are set by `useEndpointServer`'s beforeAll (live bindings).

const SECRET = 'documents-api-test-secret-long-enough!';
export const readKey = makeApiKey('indexer', ['docs:read'], ['team-*']);
export const writeKey = makeApiKey('bot', ['docs:read', 'docs:write']);
export const deleteKey = makeApiKey('janitor', ['docs:read', 'docs:delete']);
export const unknownKey = makeApiKey('nobody', ['docs:read']).key;

export let server: StartedServer;
export let call: Call;
export const auth = { writer: '', reader: '', outsider: '' };

/** Registers the file's server: started before its tests, with the keys above and auth on. */
export function useEndpointServer(): void {
  beforeAll(async () => {
    server = await startServer({
      config: { authSecret: SECRET, apiMaxBodyBytes: 64 * 1024, apiKeys: [readKey.entry, writeKey.entry, deleteKey.entry] as never },
    });
    call = apiClient(server.httpUrl);
    auth.writer = await signToken({ secret: SECRET, sub: 'ada', docs: { 'team-*': 'write' }, expiresIn: '10m' });
    auth.reader = await signToken({ secret: SECRET, sub: 'bob', docs: { 'team-*': 'read' }, expiresIn: '10m' });
    auth.outsider = await signToken({ secret: SECRET, sub: 'eve', docs: { 'other-*': 'write' }, expiresIn: '10m' });
  });
}

let docCount = 0;
/** A new document (Markdown content) created by the writer; its name. */
export async function created(markdown = '# Title\n\nFirst paragraph\n\nSecond paragraph', title = 'A title'): Promise<string> {
  const name = `team-doc-${++docCount}`;
  const response = await call('POST', '/api/docs', { auth: auth.writer, body: { name, format: 'markdown', content: markdown, title } });
  expect(response.status, response.text).toBe(201);
  return name;
}

export const markdownOf = async (name: string) => (await call('GET', docPath(name, '?format=markdown'), { auth: auth.reader })).text;

/** 401 without credentials, with a bad token and with an unknown key; 403 for each of `forbidden`. */
export async function expectAuthFailures(request: (credentials: string | undefined) => Promise<ApiResponse>, forbidden: string[]) {
  for (const credentials of [undefined, 'not-a-token', unknownKey]) {
    const response = await request(credentials);
    expect(response.status, `${credentials ?? 'no credentials'}: ${response.text}`).toBe(401);
    expect(response.headers.get('www-authenticate')).toMatch(/^Bearer realm="tandem"/);
  }
  for (const credentials of forbidden) {
    const response = await request(credentials);
    expect(response.status, response.text).toBe(403);
  }
}

export function expectError(response: ApiResponse, status: number, message: RegExp): void {
  expect(response.status, response.text).toBe(status);
  expect(response.json?.error).toMatch(message);
}
