import { DocumentCodec, DocumentView, replaceContent } from '@tandem/document';
import { createMemoryStore } from '@tandem/persistence';
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { compareVersions } from './compareVersions.js';
import { compareJob, versionJob } from './historyJobs.js';
import { packBatches, unpackBatches } from './packedBatches.js';

// What a conversion worker does with a history job, run here on the main thread (tests/history runs real workers).
const codec = new DocumentCodec();
const text = (body: Uint8Array) => new TextDecoder().decode(body);

/** A document written in two steps by two authors, stored (merged into one batch by compaction), with a version after the first. */
async function twoVersions() {
  const store = createMemoryStore({ compactAfterUpdates: 2 });
  const doc = new Y.Doc();
  const view = new DocumentView(doc, codec);
  const write = async (markdown: string, author: string) => {
    const updates: Uint8Array[] = [];
    const collect = (update: Uint8Array) => updates.push(update);
    doc.on('update', collect);
    replaceContent(view, codec.parse('markdown', markdown));
    doc.off('update', collect);
    await store.append('doc', updates, { author });
  };
  await write('# Title\n\nFirst paragraph', 'ada');
  const first = (await store.createVersion('doc', { kind: 'auto' }))?.seq as number;
  await write('# Title\n\nFirst paragraph\n\nSecond by grace', 'grace');
  await write('# Title\n\nFirst paragraph, edited\n\nSecond by grace', 'ada');
  const last = (await store.getMeta('doc'))?.seq as number;
  return { store, first, last };
}

describe('history jobs', () => {
  it('pack stored batches into one buffer of their own and back, attribution included', async () => {
    const { store, last } = await twoVersions();
    const batches = (await store.readThrough('doc', last)) ?? [];
    expect(batches.some((batch) => batch.attribution !== undefined)).toBe(true);
    const packed = packBatches(batches);
    expect(packed.bytes.byteOffset).toBe(0);
    expect(packed.bytes.buffer.byteLength).toBe(packed.bytes.byteLength);
    expect(unpackBatches(structuredClone(packed))).toEqual(batches);
  });

  it("convert a version's state in every format, with its title, blocks and state", async () => {
    const { store, first } = await twoVersions();
    const batches = packBatches((await store.readThrough('doc', first)) ?? []);
    expect(text(versionJob(codec, batches, 'markdown').body)).toBe('# Title\n\nFirst paragraph');
    expect(text(versionJob(codec, batches, 'html').body)).toBe('<h1>Title</h1><p>First paragraph</p>');
    const json = versionJob(codec, batches, 'json');
    expect(JSON.parse(text(json.body)).content).toHaveLength(2);
    expect(json.blocks).toHaveLength(2);
    const yjs = versionJob(codec, batches, 'yjs');
    expect(yjs.body.byteLength).toBe(0);
    const doc = new Y.Doc();
    Y.applyUpdate(doc, yjs.update);
    expect(new DocumentView(doc, codec).markdown()).toBe('# Title\n\nFirst paragraph');
  });

  it('compare two states as compareVersions does, as JSON or as HTML with change marks', async () => {
    const { store, first, last } = await twoVersions();
    const stored = (await store.readThrough('doc', last)) ?? [];
    const expected = compareVersions(stored, first);
    const json = compareJob(codec, packBatches(stored), first, 'json');
    expect({ content: JSON.parse(text(json.body)), changes: json.changes, authors: json.authors }).toEqual(expected);
    expect(json.authors).toEqual(expect.arrayContaining(['ada', 'grace']));
    const html = compareJob(codec, packBatches(stored), first, 'html');
    expect(text(html.body)).toContain(
      '<ins class="tandem-ychange tandem-ychange--added" data-ychange="added" data-author="ada">, edited</ins>',
    );
    expect(text(html.body)).toContain('data-author="grace">Second by grace</ins>');
  });
});
