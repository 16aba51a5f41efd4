import { createHash } from 'node:crypto';
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { signToken } from '@tandem/sync-server';
import { beforeAll, describe, expect, it } from 'vitest';
import { makeTempDir, type ServerProcess, spawnServerProcess } from '../src/helpers/index.js';
import { pngImage } from '../src/helpers/pngImage.js';

/**
 * Image uploads against the built server in a process of its own, with auth on and a small size
 * limit: what is stored (by its hash, under <dataDir>/uploads by default, or UPLOADS_DIR), how it is
 * served (no token, a year's cache, nosniff, ETag), who may upload (write access only), what is
 * refused with which status and message (too large, not an image, SVG, empty, a form), and that
 * an image outlives a restart.
 */
const SECRET = 'uploads-test-secret-long-enough-for-hs256!';
const MAX = 64 * 1024;

let server: ServerProcess;
const tokens = { writer: '', reader: '', outsider: '' };

beforeAll(async () => {
  server = await spawnServerProcess({ env: { AUTH_SECRET: SECRET, MAX_UPLOAD_BYTES: String(MAX) } });
  tokens.writer = await signToken({ secret: SECRET, sub: 'ada', docs: { 'team/*': 'write' }, expiresIn: '10m' });
  tokens.reader = await signToken({ secret: SECRET, sub: 'bob', docs: { 'team/*': 'read' }, expiresIn: '10m' });
  tokens.outsider = await signToken({ secret: SECRET, sub: 'eve', docs: { 'other/*': 'write' }, expiresIn: '10m' });
});

async function upload(
  base: string,
  doc: string,
  bytes: string | Uint8Array | ReadableStream<Uint8Array>,
  options: { token?: string; type?: string } = {},
) {
  // fetch takes an ArrayBuffer-backed view (a Buffer may sit on a shared pool).
  const body: BodyInit = typeof bytes === 'string' || bytes instanceof ReadableStream ? bytes : new Uint8Array(bytes);
  const headers: Record<string, string> = { 'Content-Type': options.type ?? 'image/png' };
  if (options.token !== undefined) headers.Authorization = `Bearer ${options.token}`;
  const response = await fetch(`${base}/api/docs/${encodeURIComponent(doc)}/uploads`, {
    method: 'POST',
    headers,
    body,
    duplex: 'half',
  } as RequestInit);
  return { status: response.status, headers: response.headers, json: (await response.json()) as Record<string, unknown> };
}

/** Every stored image file under `dir` (temporary files aside). */
async function storedFiles(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true }).catch(() => []);
  return entries.filter((entry) => entry.isFile() && !entry.parentPath.endsWith('tmp')).map((entry) => entry.name);
}

/** A body sent in pieces, with no Content-Length: the server learns its size only by reading it. */
function streamed(bytes: Buffer, piece = 16 * 1024): ReadableStream<Uint8Array> {
  let at = 0;
  return new ReadableStream({
    pull(controller) {
      if (at >= bytes.length) return controller.close();
      controller.enqueue(bytes.subarray(at, at + piece));
      at += piece;
    },
  });
}

describe('image uploads (a server process of its own)', () => {
  it('stores a PNG by its SHA-256 under <dataDir>/uploads and serves it without a token, cached for a year, nosniff', async () => {
    const image = pngImage(40, 30);
    const sha256 = createHash('sha256').update(image).digest('hex');
    const answer = await upload(server.httpUrl, 'team/notes', image, { token: tokens.writer, type: 'application/octet-stream' });
    expect(answer.status, JSON.stringify(answer.json)).toBe(201);
    expect(answer.json).toEqual({
      name: `${sha256}.png`,
      url: `/api/uploads/${sha256}.png`,
      sha256,
      type: 'image/png',
      bytes: image.length,
    });
    expect(answer.headers.get('location')).toBe(`/api/uploads/${sha256}.png`);
    expect(await readFile(join(server.dataDir, 'uploads', sha256.slice(0, 2), `${sha256}.png`))).toEqual(image);
    expect(server.logs.some((line) => line.msg === 'image uploaded' && line.doc === 'team/notes' && line.author === 'ada')).toBe(true);

    const served = await fetch(`${server.httpUrl}/api/uploads/${sha256}.png`);
    expect(served.status).toBe(200);
    expect(Buffer.from(await served.arrayBuffer())).toEqual(image);
    expect(
      Object.fromEntries(
        ['content-type', 'content-length', 'cache-control', 'x-content-type-options', 'etag'].map((h) => [h, served.headers.get(h)]),
      ),
    ).toEqual({
      'content-type': 'image/png',
      'content-length': String(image.length),
      'cache-control': 'public, max-age=31536000, immutable',
      'x-content-type-options': 'nosniff',
      etag: `"${sha256}"`,
    });
    expect(served.headers.get('content-security-policy')).toContain('sandbox');
    const again = await fetch(`${server.httpUrl}/api/uploads/${sha256}.png`, { headers: { 'If-None-Match': `"${sha256}"` } });
    expect(again.status).toBe(304);
    const head = await fetch(`${server.httpUrl}/api/uploads/${sha256}.png`, { method: 'HEAD' });
    expect([head.status, head.headers.get('content-length'), (await head.arrayBuffer()).byteLength]).toEqual([
      200,
      String(image.length),
      0,
    ]);

    // The same picture again (into another document) is the same address, kept once.
    const twice = await upload(server.httpUrl, 'team/other', image, { token: tokens.writer });
    expect(twice.json.url).toBe(answer.json.url);
    expect(await storedFiles(join(server.dataDir, 'uploads'))).toEqual([`${sha256}.png`]);
  });

  it('JPEG, GIF and WebP by their bytes, whatever Content-Type says; unknown names 404', async () => {
    const kinds: [Buffer, string, string][] = [
      [Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), Buffer.from('JFIF jpeg body')]), 'image/jpeg', 'jpg'],
      [Buffer.from('GIF89a gif body bytes'), 'image/gif', 'gif'],
      [Buffer.concat([Buffer.from('RIFF'), Buffer.from([9, 0, 0, 0]), Buffer.from('WEBPVP8 webp')]), 'image/webp', 'webp'],
    ];
    for (const [bytes, type, extension] of kinds) {
      const answer = await upload(server.httpUrl, 'team/kinds', bytes, { token: tokens.writer, type: 'image/png' });
      expect(answer.status).toBe(201);
      expect(answer.json.type).toBe(type);
      expect(answer.json.name).toMatch(new RegExp(`^[0-9a-f]{64}\\.${extension}$`));
      expect((await fetch(`${server.httpUrl}${answer.json.url}`)).headers.get('content-type')).toBe(type);
    }
    for (const name of [`${'a'.repeat(64)}.png`, 'passwd', '..%2F..%2Fetc%2Fpasswd', `${'a'.repeat(64)}.svg`]) {
      expect((await fetch(`${server.httpUrl}/api/uploads/${name}`)).status, name).toBe(404);
    }
  });

  it('needs write access to the document: 401 without a valid token, 403 for a reader or another document; nothing stored', async () => {
    const image = pngImage(10, 10, [200, 0, 0]);
    const before = await storedFiles(join(server.dataDir, 'uploads'));
    expect((await upload(server.httpUrl, 'team/notes', image)).status).toBe(401);
    expect((await upload(server.httpUrl, 'team/notes', image, { token: 'not-a-token' })).status).toBe(401);
    const reader = await upload(server.httpUrl, 'team/notes', image, { token: tokens.reader });
    expect([reader.status, reader.json.error]).toEqual([403, 'no write access to document "team/notes"']);
    expect((await upload(server.httpUrl, 'team/notes', image, { token: tokens.outsider })).status).toBe(403);
    expect(await storedFiles(join(server.dataDir, 'uploads'))).toEqual(before);
  });

  it('refuses too large (413 with the limit, streamed or declared), non-images and SVG (415), empty (400) and forms (415); stores none; stays up', async () => {
    const before = await storedFiles(join(server.dataDir, 'uploads'));
    const large = pngImage(200, 200, 'noise');
    expect(large.length).toBeGreaterThan(MAX);
    for (const body of [large, streamed(large)]) {
      const answer = await upload(server.httpUrl, 'team/notes', body, { token: tokens.writer });
      expect(answer.status).toBe(413);
      expect(answer.json).toMatchObject({ reason: 'too-large', maxBytes: MAX, error: expect.stringMatching(/largest accepted is 64 KB/) });
    }
    const text = await upload(server.httpUrl, 'team/notes', Buffer.from('meeting notes, saved as notes.png'), { token: tokens.writer });
    expect([text.status, text.json.reason, text.json.error]).toEqual([
      415,
      'not-an-image',
      'This file is not a PNG, JPEG, GIF or WebP image.',
    ]);
    const svg = await upload(server.httpUrl, 'team/notes', '<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>', {
      token: tokens.writer,
      type: 'image/svg+xml',
    });
    expect([svg.status, svg.json.reason]).toEqual([415, 'svg']);
    expect(svg.json.error).toMatch(/SVG images cannot be uploaded/);
    expect((await upload(server.httpUrl, 'team/notes', '', { token: tokens.writer })).status).toBe(400);
    const form = new FormData();
    form.append('file', new Blob([new Uint8Array(pngImage(4, 4))], { type: 'image/png' }), 'a.png');
    const asForm = await fetch(`${server.httpUrl}/api/docs/team%2Fnotes/uploads`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${tokens.writer}` },
      body: form,
    });
    expect(asForm.status).toBe(415);
    expect(await storedFiles(join(server.dataDir, 'uploads'))).toEqual(before);
    expect(await storedFiles(join(server.dataDir, 'uploads', 'tmp'))).toEqual([]);
    expect((await fetch(`${server.httpUrl}/healthz`)).status).toBe(200);
  });

  it('an image outlives a restart; UPLOADS_DIR puts images elsewhere', async () => {
    const image = pngImage(12, 8, [0, 128, 0]);
    const stored = await upload(server.httpUrl, 'team/keep', image, { token: tokens.writer });
    server.kill('SIGKILL');
    await server.waitForExit();
    const uploadsDir = await makeTempDir('tandem-uploads-');
    server = await spawnServerProcess({ dataDir: server.dataDir, env: { AUTH_SECRET: SECRET, MAX_UPLOAD_BYTES: String(MAX) } });
    const served = await fetch(`${server.httpUrl}${stored.json.url}`);
    expect(Buffer.from(await served.arrayBuffer())).toEqual(image);

    const elsewhere = await spawnServerProcess({ env: { AUTH_SECRET: SECRET, UPLOADS_DIR: uploadsDir } });
    const other = pngImage(3, 3, [1, 2, 3]);
    const answer = await upload(elsewhere.httpUrl, 'team/elsewhere', other, { token: tokens.writer });
    expect(answer.status).toBe(201);
    expect(await storedFiles(uploadsDir)).toEqual([answer.json.name]);
    expect(await storedFiles(join(elsewhere.dataDir, 'uploads'))).toEqual([]);
  });
});
