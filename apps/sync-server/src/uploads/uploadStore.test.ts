import { createHash } from 'node:crypto';
import { mkdtemp, readdir, readFile, rm, stat, utimes, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { UploadRefused } from './uploadRefused.js';
import { type UploadEntry, UploadStore } from './uploadStore.js';

const PNG_HEAD = Uint8Array.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
const png = (size: number, fill = 7) => Buffer.concat([PNG_HEAD, Buffer.alloc(size - PNG_HEAD.length, fill)]);

const dirs: string[] = [];
afterEach(async () => {
  for (const dir of dirs.splice(0)) await rm(dir, { recursive: true, force: true });
});
async function store(maxBytes = 1024) {
  const dir = await mkdtemp(join(tmpdir(), 'tandem-uploads-'));
  dirs.push(dir);
  return { dir, uploads: new UploadStore(join(dir, 'uploads'), maxBytes) };
}

/** Uploads `bytes` in chunks of `chunk` bytes. */
async function upload(uploads: UploadStore, bytes: Uint8Array, chunk = 100) {
  const writer = await uploads.begin();
  for (let at = 0; at < bytes.length; at += chunk) await writer.write(bytes.subarray(at, at + chunk));
  return writer.finish();
}

async function refusal(promise: Promise<unknown>): Promise<UploadRefused> {
  const error = await promise.then(
    () => null,
    (reason: unknown) => reason,
  );
  expect(error).toBeInstanceOf(UploadRefused);
  return error as UploadRefused;
}

/** Every file under `dir`, relative. */
async function files(dir: string): Promise<string[]> {
  return (await readdir(dir, { recursive: true, withFileTypes: true }))
    .filter((e) => e.isFile())
    .map((e) => join(e.parentPath, e.name).slice(dir.length + 1));
}

describe('UploadStore', () => {
  it('keeps an image under the SHA-256 of its bytes, in a shard of two hex digits, found again by name', async () => {
    const { dir, uploads } = await store();
    const bytes = png(1000);
    const stored = await upload(uploads, bytes, 3);
    const sha256 = createHash('sha256').update(bytes).digest('hex');
    expect(stored).toEqual({ sha256, name: `${sha256}.png`, type: { mediaType: 'image/png', extension: 'png' }, bytes: 1000 });
    expect(await files(join(dir, 'uploads'))).toEqual([join(sha256.slice(0, 2), `${sha256}.png`)]);
    const found = await uploads.find(stored.name);
    expect(found).toMatchObject({ sha256, bytes: 1000, type: { mediaType: 'image/png' } });
    expect(await readFile(found?.path as string)).toEqual(bytes);
  });

  it('keeps the same bytes once, and different bytes apart', async () => {
    const { dir, uploads } = await store();
    const first = await upload(uploads, png(500));
    const again = await upload(uploads, png(500), 7);
    const other = await upload(uploads, png(500, 9));
    expect(again.name).toBe(first.name);
    expect(other.name).not.toBe(first.name);
    expect((await files(join(dir, 'uploads'))).filter((path) => !path.startsWith('tmp'))).toHaveLength(2);
  });

  it('refuses too large (reading on past the limit), empty, SVG and non-image files, and leaves no file behind', async () => {
    const { dir, uploads } = await store(1024);
    const tooLarge = await refusal(upload(uploads, png(5000)));
    expect(tooLarge.kind).toBe('too-large');
    expect(tooLarge.message).toBe('The image is 4.9 KB; the largest accepted is 1 KB.');
    expect((await refusal(upload(uploads, new Uint8Array(0)))).kind).toBe('empty');
    const svg = await refusal(upload(uploads, Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>')));
    expect(svg.kind).toBe('svg');
    expect(svg.message).toMatch(/SVG/);
    const text = await refusal(upload(uploads, Buffer.from('just some text, named photo.png by someone')));
    expect(text.kind).toBe('not-an-image');
    expect(await files(join(dir, 'uploads'))).toEqual([]);
    // Exactly the limit is fine.
    expect((await upload(uploads, png(1024))).bytes).toBe(1024);
  });

  it('an aborted upload leaves nothing; a temporary file older than an hour is cleared at the next start', async () => {
    const { dir, uploads } = await store();
    const writer = await uploads.begin();
    await writer.write(png(200));
    await writer.abort();
    expect(await files(join(dir, 'uploads'))).toEqual([]);

    const stale = join(dir, 'uploads', 'tmp', 'left-by-a-crash');
    const fresh = join(dir, 'uploads', 'tmp', 'another-process-writing');
    await writeFile(stale, 'half an image');
    await writeFile(fresh, 'half an image');
    const twoHoursAgo = new Date(Date.now() - 2 * 60 * 60 * 1000);
    await utimes(stale, twoHoursAgo, twoHoursAgo);
    await upload(new UploadStore(join(dir, 'uploads'), 1024), png(100));
    await expect(stat(stale)).rejects.toMatchObject({ code: 'ENOENT' });
    expect((await stat(fresh)).isFile()).toBe(true);
  });

  it('finds nothing for names not of its form (no path tricks) or not stored', async () => {
    const { uploads } = await store();
    const stored = await upload(uploads, png(100));
    for (const name of [
      '../../etc/passwd',
      `${stored.sha256}.svg`,
      `${stored.sha256}.png/..`,
      stored.sha256,
      `${'0'.repeat(64)}.png`,
      '',
    ]) {
      expect(await uploads.find(name), name).toBeNull();
    }
  });

  it('lists stored images shard by shard and nothing else; frees one unless it was written again since it was listed', async () => {
    const { dir, uploads } = await store();
    const [old, again] = [await upload(uploads, png(200, 1)), await upload(uploads, png(300, 2))];
    await writeFile(join(dir, 'uploads', 'notes.txt'), 'not an image');
    await writeFile(join(dir, 'uploads', old.sha256.slice(0, 2), 'stray.png'), 'not of its form');
    const twoDaysAgo = new Date(Date.now() - 2 * 24 * 3600_000);
    for (const image of [old, again]) await utimes(join(dir, 'uploads', image.sha256.slice(0, 2), image.name), twoDaysAgo, twoDaysAgo);
    const listed: UploadEntry[] = [];
    for await (const shard of uploads.entries()) listed.push(...shard);
    // mtimeMs is a float (1796382911822.999 for a time set in whole milliseconds).
    expect(listed.map(({ name, bytes, modifiedAt }) => ({ name, bytes, modifiedAt: Math.round(modifiedAt) }))).toEqual(
      [old, again]
        .sort((a, b) => a.name.localeCompare(b.name))
        .map((image) => ({ name: image.name, bytes: image.bytes, modifiedAt: twoDaysAgo.getTime() })),
    );
    const entry = (name: string) => listed.find((candidate) => candidate.name === name) as UploadEntry;
    const dayAgo = Date.now() - 24 * 3600_000;
    expect(await uploads.free(entry(old.name), dayAgo)).toBe(true);
    expect(await uploads.find(old.name)).toBeNull();
    expect(await uploads.free(entry(old.name), dayAgo), 'already gone').toBe(false);
    // Uploaded again after the listing: the sweep's free puts it back.
    await upload(uploads, png(300, 2));
    expect(await uploads.free(entry(again.name), dayAgo)).toBe(false);
    expect(await readFile(join(dir, 'uploads', again.sha256.slice(0, 2), again.name))).toEqual(png(300, 2));
    expect((await files(join(dir, 'uploads'))).sort()).toEqual(
      ['notes.txt', join(old.sha256.slice(0, 2), 'stray.png'), join(again.sha256.slice(0, 2), again.name)].sort(),
    );
  });
});
