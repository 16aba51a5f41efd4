import { appendFileSync, cpSync, mkdtempSync, readdirSync, rmSync, unlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { contentOf, createRecordingDoc, docFromUpdate } from '../contract/recordingDoc.js';
import { createLevelStore } from './createLevelStore.js';
import type { DocumentStore } from '../documentStore.js';
import { listJournalFiles } from './journal/journalFiles.js';

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'tandem-journal-'));
  cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

async function open(dir: string, checkpointIntervalMs = 3_600_000): Promise<DocumentStore> {
  const store = await createLevelStore({ dir, checkpointIntervalMs });
  cleanups.push(() => store.close().catch(() => {}));
  return store;
}

/**
 * What a crash at this instant leaves on disk: a copy of the directory taken while the store is
 * open (nothing is written meanwhile), as if the process had been killed with SIGKILL.
 */
function crashCopy(dir: string): string {
  const copy = tempDir();
  cpSync(dir, copy, { recursive: true });
  return copy;
}

async function textOf(store: DocumentStore, name: string): Promise<unknown> {
  const loaded = await store.load(name);
  return loaded === null ? null : contentOf(docFromUpdate(loaded.update));
}

describe('LevelDB store journal', () => {
  it('an append is durable once it resolves: a crash before the checkpoint loses nothing', async () => {
    const dir = tempDir();
    const store = await open(dir);
    const source = createRecordingDoc();
    source.type('written before the crash');
    source.setTitle('Crash');
    await store.append('crashy', source.takeUpdates(), { title: 'Crash' });
    source.type(' and more');
    await store.append('crashy', source.takeUpdates());
    expect(listJournalFiles(dir).length).toBe(1);

    const recovered = await open(crashCopy(dir));
    expect(await textOf(recovered, 'crashy')).toEqual(contentOf(source.doc));
    expect(await recovered.getMeta('crashy')).toMatchObject({ title: 'Crash', totalUpdates: source.updates.length });
    expect((await recovered.list()).docs.map((doc) => doc.name)).toEqual(['crashy']);
  });

  it('an append is in the journal when it resolves: a crash at that instant keeps the update', async () => {
    const dir = tempDir();
    const store = await open(dir);
    const source = createRecordingDoc();
    source.type('relayed once the append resolved');
    const copy = await store.append('early', source.takeUpdates()).then(() => crashCopy(dir));
    const recovered = await open(copy);
    expect(await textOf(recovered, 'early')).toEqual(contentOf(source.doc));
  });

  it('a torn record at the end of the journal (a power cut mid-write) is ignored; everything before it is kept', async () => {
    const dir = tempDir();
    const store = await open(dir);
    const source = createRecordingDoc();
    source.type('intact');
    await store.append('torn', source.takeUpdates());
    const copy = crashCopy(dir);
    const [journal] = listJournalFiles(copy);
    appendFileSync((journal as { path: string }).path, Uint8Array.of(200, 0, 0, 0, 1, 2, 3, 4, 1, 9));
    const recovered = await open(copy);
    expect(await textOf(recovered, 'torn')).toEqual(contentOf(source.doc));
  });

  it('a journalled delete keeps the replay from bringing back the deleted incarnation', async () => {
    const dir = tempDir();
    const store = await open(dir);
    const old = createRecordingDoc();
    old.type('old incarnation');
    await store.append('reborn', old.takeUpdates());
    await store.delete('reborn');
    await store.append('gone', old.updates);
    await store.delete('gone');
    const fresh = createRecordingDoc();
    fresh.type('new');
    await store.append('reborn', fresh.takeUpdates());

    const recovered = await open(crashCopy(dir));
    expect(await textOf(recovered, 'reborn')).toEqual(contentOf(fresh.doc));
    expect((await recovered.getMeta('reborn'))?.totalUpdates).toBe(fresh.updates.length);
    expect(await recovered.load('gone')).toBeNull();
  });

  it('checkpoints copy appends into LevelDB; their journal files go once LevelDB has moved them out of its log', async () => {
    const dir = tempDir();
    const store = await createLevelStore({ dir, checkpointIntervalMs: 20, reclaimDiskAfterMs: 0 });
    cleanups.push(() => store.close().catch(() => {}));
    const source = createRecordingDoc();
    source.type('checkpointed');
    await store.append('moved', source.takeUpdates());
    const firstFile = listJournalFiles(dir)[0]?.number as number;
    await expect
      .poll(() => listJournalFiles(dir).some((file) => file.number > firstFile), { timeout: 5000, message: 'a checkpoint' })
      .toBe(true);
    await store.load('moved'); // copies the doc's journalled appends into LevelDB, if the checkpoint has not yet

    // LevelDB now holds the doc: a copy without any journal file still has it.
    const copy = crashCopy(dir);
    for (const file of listJournalFiles(copy)) unlinkSync(file.path);
    const fromLevelDb = await open(copy);
    expect(await textOf(fromLevelDb, 'moved')).toEqual(contentOf(source.doc));
    // But only in LevelDB's log: the journal file stays.
    expect(listJournalFiles(dir).some((file) => file.number === firstFile)).toBe(true);

    // A delete's disk reclaim flushes LevelDB's memtable into a table; the next checkpoint drops the file.
    await store.append('doomed', [Uint8Array.of(0, 0)]);
    await store.delete('doomed');
    await expect
      .poll(
        async () => {
          await store.append('moved', []);
          source.type('.');
          await store.append('moved', source.takeUpdates());
          return !listJournalFiles(dir).some((file) => file.number === firstFile);
        },
        { timeout: 5000, message: 'the first journal file removed' },
      )
      .toBe(true);
  });

  it('replay skips what a checkpoint already copied (no duplicate records), and applies the rest in order', async () => {
    const dir = tempDir();
    const store = await open(dir, 20);
    const source = createRecordingDoc();
    source.type('first');
    await store.append('twice', source.takeUpdates());
    const early = crashCopy(dir); // journal holds "first"; LevelDB does not yet
    const earlyJournal = listJournalFiles(early)[0] as { number: number; path: string };
    await expect
      .poll(() => listJournalFiles(dir).some((file) => file.number > earlyJournal.number), { timeout: 5000, message: 'checkpoint' })
      .toBe(true);
    await store.load('twice'); // copies the doc's journalled appends into LevelDB, if the checkpoint has not yet
    source.type(' second');
    await store.append('twice', source.takeUpdates());
    const late = crashCopy(dir); // LevelDB holds "first"; the journal holds " second"
    cpSync(earlyJournal.path, join(late, earlyJournal.path.slice(early.length + 1)));

    const recovered = await open(late);
    expect(await textOf(recovered, 'twice')).toEqual(contentOf(source.doc));
    const meta = await recovered.getMeta('twice');
    expect(meta?.totalUpdates).toBe(source.updates.length);
    expect(readdirSync(late).filter((name) => name.endsWith('.tj'))).toHaveLength(1);
  });

  it('a compaction merges journalled appends that never reached LevelDB; a crash after it keeps every update, once', async () => {
    const dir = tempDir();
    const store = await createLevelStore({ dir, checkpointIntervalMs: 3_600_000, compactAfterUpdates: 20 });
    cleanups.push(() => store.close().catch(() => {}));
    const source = createRecordingDoc();
    for (let i = 0; i < 30; i++) {
      source.type(`k${i} `);
      await store.append('hot', source.takeUpdates());
    }
    await expect
      .poll(async () => ((await store.getMeta('hot'))?.updateCount ?? 99) < 20, {
        timeout: 5000,
        message: 'compacted without a checkpoint',
      })
      .toBe(true);
    const compacted = await store.getMeta('hot');
    expect(compacted?.totalUpdates).toBe(source.updates.length);
    expect(await textOf(store, 'hot')).toEqual(contentOf(source.doc));

    // The journal still holds all 30 appends: the replay must skip the ones the compaction merged.
    const recovered = await open(crashCopy(dir));
    expect(await textOf(recovered, 'hot')).toEqual(contentOf(source.doc));
    expect(await recovered.getMeta('hot')).toMatchObject({ updateCount: compacted?.updateCount, totalUpdates: source.updates.length });
  });

  it('close copies everything into LevelDB and leaves no journal behind', async () => {
    const dir = tempDir();
    const store = await createLevelStore({ dir, checkpointIntervalMs: 3_600_000 });
    const source = createRecordingDoc();
    source.type('closed cleanly');
    await store.append('clean', source.takeUpdates());
    await store.close();
    expect(listJournalFiles(dir)).toEqual([]);
    const reopened = await open(dir);
    expect(await textOf(reopened, 'clean')).toEqual(contentOf(source.doc));
  });
});
