import { createHash, type Hash, randomBytes } from 'node:crypto';
import { type FileHandle, mkdir, open, readdir, rename, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { type ImageType, IMAGE_TYPES, looksLikeSvg, SNIFF_BYTES, sniffImageType } from './sniffImageType.js';
import { UploadRefused } from './uploadRefused.js';

/** An image kept by the store. */
export interface StoredUpload {
  /** SHA-256 of the bytes, hex: the image's identity. */
  sha256: string;
  /** `<sha256>.<extension>`: its file name and the last part of its address. */
  name: string;
  type: ImageType;
  bytes: number;
}

/** A stored image found by name: where to read it, and what it is. */
export interface UploadFile {
  sha256: string;
  path: string;
  bytes: number;
  type: ImageType;
}

/** A stored image as a sweep sees it. */
export interface UploadEntry {
  /** `<sha256>.<extension>`. */
  name: string;
  path: string;
  bytes: number;
  /** When its bytes were last written (uploaded, or uploaded again), epoch milliseconds. */
  modifiedAt: number;
}

const NAME = /^([0-9a-f]{64})\.(png|jpg|gif|webp)$/;
const SHARD = /^[0-9a-f]{2}$/;
/** Temporary files older than this were left by a process that died mid-upload. */
const STALE_TEMP_MS = 60 * 60 * 1000;

/** A size as people read it: 830 bytes, 4.9 KB, 12.5 MB. */
export function readableSize(bytes: number): string {
  if (bytes < 1024) return `${bytes} bytes`;
  const [value, unit] = bytes < 1024 * 1024 ? [bytes / 1024, 'KB'] : [bytes / (1024 * 1024), 'MB'];
  return `${Math.round(value * 10) / 10} ${unit}`;
}

/**
 * Uploaded images in a directory, content-addressed: `<dir>/<first two hex digits>/<sha256>.<ext>`,
 * written once (to a temporary file, fsynced, then renamed into place), so the same picture uploaded
 * twice is kept once and a file is either whole or absent. The type comes from the bytes. Several
 * processes may share the directory (a network file system): names never collide with other content.
 */
export class UploadStore {
  readonly #dir: string;
  readonly #maxBytes: number;
  #ready: Promise<void> | null = null;

  constructor(dir: string, maxBytes: number) {
    this.#dir = dir;
    this.#maxBytes = maxBytes;
  }

  get maxBytes(): number {
    return this.#maxBytes;
  }

  get dir(): string {
    return this.#dir;
  }

  /** Starts an upload: write its bytes in order, then `finish` (or `abort`). */
  async begin(): Promise<UploadWriter> {
    await this.#prepare();
    const tempPath = join(this.#dir, 'tmp', `${process.pid}-${randomBytes(8).toString('hex')}`);
    const file = await open(tempPath, 'wx');
    return new UploadWriter(file, tempPath, this.#maxBytes, (upload) => this.#keep(tempPath, upload));
  }

  /** The stored image of that name, or null (an unknown name, or one not of this store's form). */
  async find(name: string): Promise<UploadFile | null> {
    const match = NAME.exec(name);
    if (match === null) return null;
    const [, sha256 = '', extension] = match;
    const type = IMAGE_TYPES.find((candidate) => candidate.extension === extension) as ImageType;
    const path = join(this.#dir, sha256.slice(0, 2), name);
    try {
      return { sha256, path, bytes: (await stat(path)).size, type };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
      throw error;
    }
  }

  /** The stored images of one shard after another (nothing else in the directory is ever listed). */
  async *entries(): AsyncGenerator<UploadEntry[]> {
    const shards = await readdir(this.#dir).catch((error: NodeJS.ErrnoException) => {
      if (error.code === 'ENOENT') return [];
      throw error;
    });
    for (const shard of shards.filter((name) => SHARD.test(name)).sort()) {
      const found: UploadEntry[] = [];
      for (const name of await readdir(join(this.#dir, shard))) {
        if (!NAME.test(name) || !name.startsWith(shard)) continue;
        const path = join(this.#dir, shard, name);
        const info = await stat(path).catch((error: NodeJS.ErrnoException) => {
          if (error.code === 'ENOENT') return null;
          throw error;
        });
        if (info?.isFile() === true) found.push({ name, path, bytes: info.size, modifiedAt: info.mtimeMs });
      }
      yield found;
    }
  }

  /**
   * Deletes a stored image unless it was written after `writtenBefore` (uploaded again since it was
   * listed). It is first renamed aside, atomically, so an upload of the same bytes landing at the
   * same moment is either moved aside with it (seen by its time and put back) or arrives after it;
   * then the removal is made durable. Resolves with whether it deleted the file.
   */
  async free(entry: UploadEntry, writtenBefore: number): Promise<boolean> {
    await this.#prepare();
    const aside = join(this.#dir, 'tmp', `freeing-${process.pid}-${randomBytes(6).toString('hex')}-${entry.name}`);
    try {
      await rename(entry.path, aside);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return false;
      throw error;
    }
    if ((await stat(aside)).mtimeMs >= writtenBefore) {
      // The same bytes whatever may have landed there since: putting them back is always right.
      await rename(aside, entry.path);
      return false;
    }
    await syncDirectory(join(this.#dir, entry.name.slice(0, 2)));
    await rm(aside, { force: true });
    return true;
  }

  /** Removes temporary files a crashed upload or sweep left behind (older than an hour). */
  async clearStaleTemporaryFiles(): Promise<void> {
    const temp = join(this.#dir, 'tmp');
    const now = Date.now();
    for (const entry of await readdir(temp).catch(() => [])) {
      const path = join(temp, entry);
      const info = await stat(path).catch(() => null);
      if (info !== null && now - info.mtimeMs > STALE_TEMP_MS) await rm(path, { force: true });
    }
  }

  /** Creates the directories once, and removes temporary files a crashed upload left behind. */
  #prepare(): Promise<void> {
    this.#ready ??= (async () => {
      await mkdir(join(this.#dir, 'tmp'), { recursive: true });
      await this.clearStaleTemporaryFiles();
    })().catch((error: unknown) => {
      this.#ready = null;
      throw error;
    });
    return this.#ready;
  }

  async #keep(tempPath: string, upload: StoredUpload): Promise<void> {
    const shard = join(this.#dir, upload.sha256.slice(0, 2));
    await mkdir(shard, { recursive: true });
    await rename(tempPath, join(shard, upload.name));
    // The rename itself is durable once its directory is synced.
    await syncDirectory(shard);
  }
}

/** fsyncs a directory, which makes the renames and removals in it durable. */
export async function syncDirectory(path: string): Promise<void> {
  const directory = await open(path, 'r');
  try {
    await directory.sync();
  } finally {
    await directory.close();
  }
}

/** One upload in progress: counts, hashes and writes what comes, and refuses what it must at the end. */
export class UploadWriter {
  readonly #file: FileHandle;
  readonly #tempPath: string;
  readonly #maxBytes: number;
  readonly #keep: (upload: StoredUpload) => Promise<void>;
  readonly #hash: Hash = createHash('sha256');
  #head = Buffer.alloc(0);
  #bytes = 0;
  #done = false;

  constructor(file: FileHandle, tempPath: string, maxBytes: number, keep: (upload: StoredUpload) => Promise<void>) {
    this.#file = file;
    this.#tempPath = tempPath;
    this.#maxBytes = maxBytes;
    this.#keep = keep;
  }

  /** Past the size limit the rest is counted and dropped (the request is still read to its end, so the answer reaches a browser). */
  async write(chunk: Uint8Array): Promise<void> {
    this.#bytes += chunk.byteLength;
    if (this.#bytes > this.#maxBytes) return;
    if (this.#head.byteLength < SNIFF_BYTES)
      this.#head = Buffer.concat([this.#head, chunk.subarray(0, SNIFF_BYTES - this.#head.byteLength)]);
    this.#hash.update(chunk);
    await this.#file.write(chunk);
  }

  /** Checks size and type, then keeps the file under its content's name. Throws `UploadRefused` (the file is then gone). */
  async finish(): Promise<StoredUpload> {
    try {
      if (this.#bytes > this.#maxBytes) {
        throw new UploadRefused(
          'too-large',
          `The image is ${readableSize(this.#bytes)}; the largest accepted is ${readableSize(this.#maxBytes)}.`,
        );
      }
      if (this.#bytes === 0) throw new UploadRefused('empty', 'The file is empty.');
      const type = sniffImageType(this.#head);
      if (type === null) {
        throw looksLikeSvg(this.#head)
          ? new UploadRefused('svg', 'SVG images cannot be uploaded (they can carry scripts): use PNG, JPEG, GIF or WebP.')
          : new UploadRefused('not-an-image', 'This file is not a PNG, JPEG, GIF or WebP image.');
      }
      await this.#file.sync();
      await this.#file.close();
      const sha256 = this.#hash.digest('hex');
      const upload: StoredUpload = { sha256, name: `${sha256}.${type.extension}`, type, bytes: this.#bytes };
      await this.#keep(upload);
      this.#done = true;
      return upload;
    } finally {
      if (!this.#done) await this.abort();
    }
  }

  /** Drops the upload (its temporary file). Safe to call more than once. */
  async abort(): Promise<void> {
    if (this.#done) return;
    this.#done = true;
    await this.#file.close().catch(() => {});
    await rm(this.#tempPath, { force: true });
  }
}
