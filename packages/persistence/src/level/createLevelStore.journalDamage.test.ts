import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { contentOf, createRecordingDoc, docFromUpdate, type RecordingDoc } from '../contract/recordingDoc.js';
import { createLevelStore } from './createLevelStore.js';
import type { DocumentStore } from '../documentStore.js';
import { journalFileName, listJournalFiles } from './journal/journalFiles.js';
import { encodeJournalRecord } from './journal/journalRecord.js';
import { damagedJournalDir } from './journal/replayJournal.js';
import { metaKey } from './keys.js';
import { openLevelDb } from './levelDb.js';
import type { StoreError } from '../storeError.js';
import { decodeStoredMeta } from './storedMeta.js';

/**
 * Items 6 and 8 of issue #15: one damaged record in an older journal file made the replay throw
 * "records are missing" and the store refuse to open (every doc unavailable); a damaged record also
 * ended the readable part of its file, so every later record in it was lost without a word, and the
 * file was deleted. Now damage costs only the docs it touches, which fail to load (never served
 * without their lost part, nor as new empty docs), every damaged stretch is reported, and the file
 * is kept aside.
 */
const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'tandem-damage-'));
  cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

async function open(dir: string, reported: StoreError[] = []): Promise<DocumentStore> {
  const store = await createLevelStore({ dir, checkpointIntervalMs: 3_600_000, onBackgroundError: (error) => reported.push(error) });
  cleanups.push(() => store.close().catch(() => {}));
  return store;
}

async function textOf(store: DocumentStore, name: string): Promise<unknown> {
  const loaded = await store.load(name);
  return loaded === null ? null : contentOf(docFromUpdate(loaded.update));
}

/** One journalled append of `source`'s new updates, as the store frames it. */
function appendFrame(docName: string, source: RecordingDoc, firstSeq: number): Uint8Array {
  return encodeJournalRecord({
    type: 'append',
    docName,
    epoch: `epoch-${docName}`,
    createdAt: 1,
    updatedAt: 2,
    firstSeq,
    title: undefined,
    updates: source.takeUpdates(),
  });
}

function damaged(frame: Uint8Array): Uint8Array {
  const copy = frame.slice();
  copy[copy.length - 2] = (copy[copy.length - 2] as number) ^ 0x40;
  return copy;
}

function writeJournal(dir: string, number: number, frames: Uint8Array[]): void {
  writeFileSync(join(dir, journalFileName(number)), Buffer.concat(frames));
}

describe('LevelDB store replaying a damaged journal', () => {
  it('a damaged record in an older file costs only its doc: the store opens, the others load, the file is kept', async () => {
    const dir = tempDir();
    const sources = { a: createRecordingDoc(1), b: createRecordingDoc(2), c: createRecordingDoc(3) };
    // b's first append is in LevelDB already (checkpointed, then the store was closed).
    sources.b.type('b stored ');
    const first = await open(dir);
    await first.append('b', sources.b.takeUpdates());
    await first.close();
    const bEpoch = await (async () => {
      const db = await openLevelDb(dir);
      try {
        return decodeStoredMeta('b', (await db.get(metaKey('b'))) as Uint8Array).epoch;
      } finally {
        await db.close();
      }
    })();
    const frameB = (seq: number) =>
      encodeJournalRecord({
        type: 'append',
        docName: 'b',
        epoch: bEpoch,
        createdAt: 1,
        updatedAt: 2,
        firstSeq: seq,
        title: undefined,
        updates: sources.b.takeUpdates(),
      });
    sources.b.type('b lost ');
    const bLost = frameB(1);
    sources.a.type('a after the damage');
    const a0 = appendFrame('a', sources.a, 0);
    sources.b.type('b later');
    const bLater = frameB(2);
    sources.c.type('c in the next file');
    writeJournal(dir, 1, [damaged(bLost), a0]);
    writeJournal(dir, 2, [bLater, appendFrame('c', sources.c, 0)]);

    const reported: StoreError[] = [];
    const store = await open(dir, reported);
    expect(await textOf(store, 'a')).toEqual(contentOf(sources.a.doc));
    expect(await textOf(store, 'c')).toEqual(contentOf(sources.c.doc));
    await expect(store.load('b')).rejects.toThrow(/damaged.*"b"/);
    await expect(store.loadUpdates('b')).rejects.toThrow(/damaged.*"b"/);
    await expect(store.append('b', [Uint8Array.of(0, 0)])).rejects.toThrow(/damaged.*"b"/);
    expect(reported.map((error) => error.docName)).toEqual(expect.arrayContaining(['b']));
    expect(reported.some((error) => /damaged journal record was skipped.*000000000001/.test(error.message))).toBe(true);
    expect(readdirSync(join(dir, damagedJournalDir))).toEqual([expect.stringMatching(/-tandem-journal-000000000001\.tj$/)]);
    expect(listJournalFiles(dir).map((file) => file.number)).toEqual([3]);

    // The mark is stored: after a reopen b still fails; deleting it makes the name usable again.
    await store.close();
    const reopened = await open(dir);
    await expect(reopened.load('b')).rejects.toThrow(/damaged.*"b"/);
    expect((await reopened.list()).docs.map((doc) => doc.name)).toEqual(['a', 'b', 'c']);
    await reopened.delete('b');
    expect(await reopened.load('b')).toBeNull();
  });

  it('a doc whose only record was damaged does not come back as a new, empty doc', async () => {
    const dir = tempDir();
    const x = createRecordingDoc(4);
    const y = createRecordingDoc(5);
    x.type('x text');
    y.type('y text');
    writeJournal(dir, 1, [damaged(appendFrame('x', x, 0)), appendFrame('y', y, 0)]);
    const reported: StoreError[] = [];
    const store = await open(dir, reported);
    await expect(store.load('x')).rejects.toThrow(/damaged.*"x"/);
    await expect(store.append('x', [Uint8Array.of(0, 0)])).rejects.toThrow(/damaged.*"x"/);
    expect(await textOf(store, 'y')).toEqual(contentOf(y.doc));
    expect(reported.length).toBeGreaterThanOrEqual(2);
    expect(existsSync(join(dir, damagedJournalDir))).toBe(true);
  });

  it('records whose metadata record was lost fail their doc instead of loading as a new, empty one', async () => {
    const dir = tempDir();
    const source = createRecordingDoc(6);
    source.type('orphaned');
    const first = await open(dir);
    await first.append('orphan', source.takeUpdates());
    await first.close();
    const db = await openLevelDb(dir);
    await db.del(metaKey('orphan'));
    await db.close();
    const store = await open(dir);
    await expect(store.load('orphan')).rejects.toThrow(/without metadata.*"orphan"/);
    await expect(store.append('orphan', [Uint8Array.of(0, 0)])).rejects.toThrow(/without metadata.*"orphan"/);
  });

  it("damage in LevelDB's own log loses nothing: the journal is kept until LevelDB has moved its writes into a table", async () => {
    const dir = tempDir();
    const store = await createLevelStore({ dir, checkpointIntervalMs: 10 });
    cleanups.push(() => store.close().catch(() => {}));
    const sources = new Map<string, RecordingDoc>();
    for (let i = 0; i < 12; i++) {
      const source = createRecordingDoc(10 + i);
      source.type(`document number ${i} `.repeat(20));
      await store.append(`doc-${i}`, source.takeUpdates());
      sources.set(`doc-${i}`, source);
    }
    // Every doc checkpointed into LevelDB (a load copies a doc's journalled appends first).
    for (const name of sources.keys()) await store.load(name);
    // A crash now, and then LevelDB's log damaged in many places (LevelDB drops what it cannot read).
    const copy = tempDir();
    cpSync(dir, copy, { recursive: true });
    const [log] = readdirSync(copy).filter((name) => name.endsWith('.log'));
    const logPath = join(copy, log as string);
    const bytes = readFileSync(logPath);
    expect(bytes.length).toBeGreaterThan(4000);
    for (let at = 100; at < bytes.length; at += 700) bytes[at] = (bytes[at] as number) ^ 0xff;
    writeFileSync(logPath, bytes);

    const reported: StoreError[] = [];
    const recovered = await open(copy, reported);
    for (const [name, source] of sources) expect(await textOf(recovered, name), name).toEqual(contentOf(source.doc));
    // LevelDB's own report of what it dropped is passed on.
    expect(reported.some((error) => /LevelDB dropped/.test(error.message))).toBe(true);
  });
});
