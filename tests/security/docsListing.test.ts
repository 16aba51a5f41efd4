import { signToken } from '@tandem/sync-server';
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { startServer } from '../src/helpers/index.js';

const SECRET = 'docs-listing-test-secret-long-enough-for-hs256';

// Granted names spread among many others, in store (byte) order: before, between and after them.
const granted = ['handbook', 'team-a', 'team-m', 'team-z'];
const ungranted = [
  'aardvark-plans',
  'hand',
  'handbook-draft',
  'secret-01',
  'secret-02',
  'secret-03',
  'team',
  'team_b',
  'teaparty',
  'tean',
  'zebra-secret',
  ...Array.from({ length: 30 }, (_, i) => `payroll-${String(i).padStart(2, '0')}`),
];

function someUpdate(text: string): Uint8Array {
  const doc = new Y.Doc();
  doc.getText('text').insert(0, text);
  return Y.encodeStateAsUpdate(doc);
}

/** Every doc name a cursor could spell out: cursors are base64url, so decode them and look. */
function namesInside(cursor: string): string[] {
  const decoded = Buffer.from(cursor, 'base64url').toString('utf8');
  return ungranted.filter((name) => decoded.includes(name) || cursor.includes(name));
}

async function setup() {
  const started = await startServer({ config: { authSecret: SECRET } });
  for (const name of [...granted, ...ungranted]) await started.store.append(name, [someUpdate(name)], { title: `Title of ${name}` });
  const token = await signToken({ secret: SECRET, sub: 'bob', docs: { 'team-*': 'read', handbook: 'read' }, expiresIn: 60 });
  const list = async (query: string) => {
    const response = await fetch(`${started.httpUrl}/api/docs?${query}`, { headers: { Authorization: `Bearer ${token}` } });
    return {
      status: response.status,
      body: (await response.json()) as { docs?: { name: string }[]; nextCursor?: string | null; error?: string },
    };
  };
  return { ...started, list };
}

describe('/api/docs with auth on: the cursor reveals no name the token does not grant', () => {
  it('paging with limit=1 returns exactly the granted names, and no cursor spells out another name', async () => {
    const { list } = await setup();
    const names: string[] = [];
    const cursors: string[] = [];
    let cursor: string | null = null;
    for (let page = 0; page < 100; page++) {
      const { status, body } = await list(`limit=1${cursor === null ? '' : `&cursor=${cursor}`}`);
      expect(status).toBe(200);
      names.push(...(body.docs ?? []).map((doc) => doc.name));
      cursor = body.nextCursor ?? null;
      if (cursor === null) break;
      cursors.push(cursor);
    }
    expect(cursor).toBeNull();
    expect(names).toEqual(granted);
    expect(cursors.flatMap(namesInside)).toEqual([]);
    // One page per granted name: no page answers with nothing but a cursor into the others.
    expect(cursors.length).toBe(granted.length - 1);
  });

  it('a made-up cursor gets nowhere: the answer is the same wherever it points', async () => {
    const { list } = await setup();
    const answers = [];
    for (const made of ['secret-', 'payroll-1', 'team', 'zzz']) {
      const { status, body } = await list(`limit=1&cursor=${Buffer.from(made, 'utf8').toString('base64url')}`);
      for (const doc of body.docs ?? []) expect(granted).toContain(doc.name);
      expect(namesInside(body.nextCursor ?? '')).toEqual([]);
      answers.push({ status, names: (body.docs ?? []).map((doc) => doc.name), more: typeof body.nextCursor === 'string' });
    }
    expect(new Set(answers.map((answer) => JSON.stringify(answer))).size).toBe(1);
    expect(answers[0]).toMatchObject({ status: 400, names: [] });
  });

  it('a full page takes the granted names past any number of others, and a token granting everything pages as before', async () => {
    const { list, httpUrl } = await setup();
    const { body } = await list('limit=100');
    expect(body.docs?.map((doc) => doc.name)).toEqual(granted);
    expect(body.nextCursor).toBeNull();

    const admin = await signToken({ secret: SECRET, sub: 'admin', docs: { '*': 'read' }, expiresIn: 60 });
    const all: string[] = [];
    let cursor: string | null = null;
    do {
      const response = await fetch(`${httpUrl}/api/docs?limit=7${cursor === null ? '' : `&cursor=${cursor}`}`, {
        headers: { Authorization: `Bearer ${admin}` },
      });
      const page = (await response.json()) as { docs: { name: string }[]; nextCursor: string | null };
      all.push(...page.docs.map((doc) => doc.name));
      cursor = page.nextCursor;
    } while (cursor !== null);
    expect(all).toEqual([...granted, ...ungranted].sort((a, b) => Buffer.compare(Buffer.from(a), Buffer.from(b))));
  });
});
