import { mkdtemp, rm } from 'node:fs/promises';
import { statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createRecordingDoc } from '../contract/recordingDoc.js';
import { createLevelStore } from './createLevelStore.js';
import { listJournalFiles } from './journal/journalFiles.js';

/**
 * What `sync` asks of the disk, seen at the two places the store hands data to it: the journal's
 * `fdatasync`/`fdatasyncSync` (node:fs, wrapped so the real call still runs) and the `sync` write
 * option of every LevelDB write (classic-level, wrapped the same way; LevelDB then fsyncs its own
 * log). Without these wrappers a store that skipped every fsync would pass all other tests.
 */
const recorded = vi.hoisted(() => ({
  /** Inode of the file each journal fdatasync was for. */
  journalSyncs: [] as { ino: number; blocking: boolean }[],
  /** Every LevelDB write and the `sync` option it was given. */
  levelWrites: [] as { op: 'batch' | 'put' | 'del'; sync: boolean }[],
  /** While set, async fdatasyncs wait here (the real call runs once released). */
  held: null as (() => void)[] | null,
}));

vi.mock('node:fs', async (importOriginal) => {
  const actual = await importOriginal<typeof import('node:fs')>();
  const fdatasync = (fd: number, callback: (error: NodeJS.ErrnoException | null) => void): void => {
    recorded.journalSyncs.push({ ino: actual.fstatSync(fd).ino, blocking: false });
    const run = () => actual.fdatasync(fd, callback);
    if (recorded.held === null) run();
    else recorded.held.push(run);
  };
  const fdatasyncSync = (fd: number): void => {
    recorded.journalSyncs.push({ ino: actual.fstatSync(fd).ino, blocking: true });
    actual.fdatasyncSync(fd);
  };
  return { ...actual, default: { ...actual, fdatasync, fdatasyncSync }, fdatasync, fdatasyncSync };
});

vi.mock('classic-level', async (importOriginal) => {
  const actual = await importOriginal<typeof import('classic-level')>();
  const syncOf = (options: unknown) => (options as { sync?: boolean } | undefined)?.sync === true;
  class RecordingLevel<K, V> extends actual.ClassicLevel<K, V> {
    // biome-ignore lint/suspicious/noExplicitAny: passes abstract-level's overloads through unchanged
    override batch(...args: any[]): any {
      // biome-ignore lint/suspicious/noExplicitAny: see above
      const result = (super.batch as (...a: any[]) => any)(...args);
      if (args.length > 0) {
        recorded.levelWrites.push({ op: 'batch', sync: syncOf(args[1]) });
        return result;
      }
      const write = result.write.bind(result);
      result.write = (options?: unknown) => {
        recorded.levelWrites.push({ op: 'batch', sync: syncOf(options) });
        return write(options);
      };
      return result;
    }
    // biome-ignore lint/suspicious/noExplicitAny: see above
    override put(key: K, value: V, options?: any): Promise<void> {
      recorded.levelWrites.push({ op: 'put', sync: syncOf(options) });
      return super.put(key, value, options);
    }
    // biome-ignore lint/suspicious/noExplicitAny: see above
    override del(key: K, options?: any): Promise<void> {
      recorded.levelWrites.push({ op: 'del', sync: syncOf(options) });
      return super.del(key, options);
    }
  }
  return { ...actual, ClassicLevel: RecordingLevel };
});

const dirs: string[] = [];
afterEach(async () => {
  recorded.held = null;
  await Promise.all(dirs.splice(0).map((dir) => rm(dir, { recursive: true, force: true })));
});

/** LevelDB writes recorded while `step` ran. */
async function levelWritesDuring(step: () => Promise<unknown>) {
  const from = recorded.levelWrites.length;
  await step();
  return recorded.levelWrites.slice(from);
}

/**
 * Appends (the second one starts a compaction), waits for the compaction, deletes a doc, probes
 * and closes (a final checkpoint). Returns the LevelDB writes of each step and the inodes of the
 * journal files the store used.
 */
async function runEveryKindOfWrite(sync: boolean) {
  const dir = await mkdtemp(join(tmpdir(), 'tandem-fsync-'));
  dirs.push(dir);
  let compactions = 0;
  const store = await createLevelStore({ dir, sync, compactAfterUpdates: 2, onCompaction: () => compactions++ });
  recorded.journalSyncs.length = 0;
  recorded.levelWrites.length = 0;
  const source = createRecordingDoc();
  source.type('abc');
  const [first, second, third] = source.takeUpdates() as [Uint8Array, Uint8Array, Uint8Array];

  await store.append('doc', [first]);
  const journalInodes = new Set(listJournalFiles(dir).map((file) => statSync(file.path).ino));
  const compaction = await levelWritesDuring(async () => {
    await store.append('doc', [second]);
    await expect.poll(() => compactions === 1, { timeout: 5000, message: 'the online compaction' }).toBe(true);
  });
  await store.append('gone', [third]);
  const deletion = await levelWritesDuring(() => store.delete('gone'));
  const probe = await levelWritesDuring(() => store.checkWritable());
  await store.append('doc', [third]);
  for (const file of listJournalFiles(dir)) journalInodes.add(statSync(file.path).ino);
  const checkpoint = await levelWritesDuring(() => store.close());
  return { journalInodes, steps: { compaction, deletion, probe, checkpoint } };
}

describe('LevelDB store: fsync (option `sync`)', () => {
  it('sync: true fdatasyncs the journal before an append resolves, and makes every LevelDB write a sync write', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'tandem-fsync-'));
    dirs.push(dir);
    const store = await createLevelStore({ dir, sync: true });
    recorded.journalSyncs.length = 0;
    const source = createRecordingDoc();
    source.type('x');

    // The append waits for the journal's fdatasync to complete, not merely to start.
    recorded.held = [];
    let resolved = false;
    const appending = store.append('held', source.takeUpdates()).then(() => {
      resolved = true;
    });
    await expect.poll(() => (recorded.held?.length ?? 0) === 1, { timeout: 5000, message: 'the journal fdatasync' }).toBe(true);
    await new Promise((resolve) => setImmediate(resolve));
    // The append (after which the server relays) waits for the fdatasync.
    expect(resolved).toBe(false);
    const [journal] = listJournalFiles(dir);
    expect(recorded.journalSyncs).toEqual([{ ino: statSync(journal?.path as string).ino, blocking: false }]);
    for (const run of recorded.held.splice(0)) run();
    recorded.held = null;
    await appending;
    expect(resolved).toBe(true);
    await store.close();

    const { journalInodes, steps } = await runEveryKindOfWrite(true);
    // Appends (and the probe) fdatasync the journal; the final checkpoint syncs the file it rotates away from.
    expect(recorded.journalSyncs.filter((call) => !call.blocking).length).toBeGreaterThanOrEqual(5);
    expect(recorded.journalSyncs.some((call) => call.blocking)).toBe(true);
    for (const call of recorded.journalSyncs) expect(journalInodes.has(call.ino)).toBe(true);
    for (const [step, writes] of Object.entries(steps)) {
      expect(writes.length, `${step} writes to LevelDB`).toBeGreaterThan(0);
      expect(
        writes.filter((write) => !write.sync),
        `${step}: writes without sync`,
      ).toEqual([]);
    }
    expect(steps.probe.map((write) => write.op)).toEqual(['put', 'del']);
  });

  it('sync: false never fdatasyncs the journal and asks LevelDB for no sync write', async () => {
    const { steps } = await runEveryKindOfWrite(false);
    expect(recorded.journalSyncs).toEqual([]);
    for (const [step, writes] of Object.entries(steps)) {
      expect(writes.length, `${step} writes to LevelDB`).toBeGreaterThan(0);
      expect(
        writes.filter((write) => write.sync),
        `${step}: sync writes`,
      ).toEqual([]);
    }
  });
});
