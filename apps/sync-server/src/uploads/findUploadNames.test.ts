import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DocumentCodec, DocumentView, type JSONContent, replaceContent } from '@tandem/document';
import { createLevelStore, type DocumentStore } from '@tandem/persistence';
import { afterEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { findUploadNames } from './findUploadNames.js';

const codec = new DocumentCodec();
const hash = (digit: string) => digit.repeat(64);
const address = (name: string) => `http://127.0.0.1:1234/api/uploads/${name}`;
const image = (name: string): JSONContent => ({ type: 'image', attrs: { src: address(name), alt: 'a picture' } });
const paragraph = (text: string): JSONContent => ({ type: 'paragraph', content: [{ type: 'text', text }] });

/** A document edited the way the server's API edits one (y-tiptap's diff), recording its updates. */
function editedDoc() {
  const doc = new Y.Doc();
  const view = new DocumentView(doc, codec);
  let updates: Uint8Array[] = [];
  doc.on('update', (update: Uint8Array) => updates.push(update));
  return {
    doc,
    /** Makes the document these blocks; returns the updates that took. */
    write(blocks: JSONContent[]): Uint8Array[] {
      replaceContent(view, codec.parse('json', { type: 'doc', content: blocks }));
      const taken = updates;
      updates = [];
      return taken;
    },
  };
}

function namesIn(updates: Iterable<Uint8Array>): string[] {
  const names = new Set<string>();
  for (const update of updates) findUploadNames(update, names);
  return [...names].sort();
}

const stores: { store: DocumentStore; dir: string }[] = [];
afterEach(async () => {
  for (const { store, dir } of stores.splice(0)) {
    await store.close();
    await rm(dir, { recursive: true, force: true });
  }
});

describe('findUploadNames', () => {
  it('finds image addresses in the updates the editor schema writes, v1 and v2, and only well-formed ones', () => {
    const edited = editedDoc();
    const updates = edited.write([
      paragraph('before'),
      image(`${hash('a')}.png`),
      {
        type: 'paragraph',
        content: [{ type: 'text', text: 'a link', marks: [{ type: 'link', attrs: { href: address(`${hash('b')}.webp`) } }] }],
      },
      image(`${hash('c')}.jpg`),
      paragraph(`/api/uploads/${hash('d')}.bmp /api/uploads/${hash('e').slice(1)}.png /api/uploads/${hash('F')}.png`),
    ]);
    expect(namesIn(updates)).toEqual([`${hash('a')}.png`, `${hash('b')}.webp`, `${hash('c')}.jpg`]);
    expect(namesIn([Y.encodeStateAsUpdate(edited.doc)])).toEqual(namesIn(updates));
    expect(namesIn([Y.encodeStateAsUpdateV2(edited.doc)])).toEqual(namesIn(updates));
  });

  it('a changed image address: the old one stays in the history, the current state has only the new one', () => {
    const edited = editedDoc();
    const first = edited.write([image(`${hash('1')}.gif`)]);
    const second = edited.write([image(`${hash('2')}.gif`)]);
    expect(namesIn([...first, ...second])).toEqual([`${hash('1')}.gif`, `${hash('2')}.gif`]);
    expect(namesIn([Y.encodeStateAsUpdate(edited.doc)])).toEqual([`${hash('2')}.gif`]);
  });

  it("finds in a store's batches what every kept version can show, after compaction, and loses what no version keeps", async () => {
    const dir = await mkdtemp(join(tmpdir(), 'tandem-find-uploads-'));
    const store = await createLevelStore({ dir, compactAfterUpdates: 4 });
    stores.push({ store, dir });
    const edited = editedDoc();
    const kept = `${hash('a')}.png`;
    const passing = `${hash('b')}.png`;
    const stored = async () => namesIn(((await store.readAfter('doc', 0)) ?? []).flatMap((batch) => batch.updates));

    await store.append('doc', edited.write([paragraph('one'), image(kept)]));
    const version = await store.createVersion('doc', { kind: 'auto' });
    // After the version: the kept image goes, another comes and goes, several edits (compaction merges them).
    await store.append('doc', edited.write([paragraph('one')]));
    await store.append('doc', edited.write([paragraph('one'), image(passing)]));
    for (const text of ['two', 'three', 'four', 'five']) await store.append('doc', edited.write([paragraph(text)]));
    await expect.poll(async () => (await store.getMeta('doc'))?.updateCount, { timeout: 10_000 }).toBeLessThanOrEqual(3);
    // The version still shows the first image; the one added and removed between two versions is collected.
    expect(await stored()).toEqual([kept]);
    const atVersion = new Y.Doc();
    for (const batch of (await store.readThrough('doc', version?.seq as number)) ?? [])
      for (const u of batch.updates) Y.applyUpdate(atVersion, u);
    expect(namesIn([Y.encodeStateAsUpdate(atVersion)])).toEqual([kept]);

    // Once that version is deleted, the next compaction merges across it: nothing can show the image.
    await store.deleteVersions('doc', [version?.seq as number]);
    for (const text of ['six', 'seven', 'eight', 'nine']) await store.append('doc', edited.write([paragraph(text)]));
    await expect.poll(stored, { timeout: 10_000 }).toEqual([]);
  });
});
