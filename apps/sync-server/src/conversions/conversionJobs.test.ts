import { DocumentCodec, DocumentView } from '@tandem/document';
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { runConversionJob } from './conversionJobs.js';
import type { EditResult, ReadResult } from './conversionMessages.js';
import { WorkerReplicas } from './workerReplicas.js';

// What a worker does with a job, run here on the main thread (the pool's tests run real workers).
const codec = new DocumentCodec();
const text = (result: ReadResult) => new TextDecoder().decode(result.body);

/** A room's document with some Markdown content, as the main thread would hold it. */
function roomDoc(markdown: string): Y.Doc {
  const doc = new Y.Doc();
  const replicas = new WorkerReplicas(codec);
  const made = runConversionJob(codec, replicas, {
    kind: 'edit',
    replica: { key: 'seed', full: Y.encodeStateAsUpdate(doc) },
    edit: { op: 'replace', format: 'markdown', content: markdown },
    maxDocBytes: 1 << 20,
  }).value as EditResult;
  Y.applyUpdate(doc, made.update as Uint8Array);
  return doc;
}

describe('conversion jobs on a worker replica', () => {
  it('reads a replica made from the whole state, then kept up to date by the updates a job brings', () => {
    const doc = roomDoc('# Title\n\nFirst paragraph');
    const replicas = new WorkerReplicas(codec);
    const read = (update?: Uint8Array, full?: Uint8Array) =>
      runConversionJob(codec, replicas, {
        kind: 'read',
        replica: { key: 'k', ...(full ? { full } : {}), ...(update ? { update } : {}) },
        format: 'markdown',
      }).value as ReadResult;
    expect(text(read(undefined, Y.encodeStateAsUpdate(doc)))).toBe('# Title\n\nFirst paragraph');
    const before = Y.encodeStateVector(doc);
    const paragraph = doc.getXmlFragment('default').get(1) as Y.XmlElement;
    (paragraph.get(0) as Y.XmlText).insert(0, 'Typed: ');
    expect(text(read(Y.encodeStateAsUpdate(doc, before)))).toBe('# Title\n\nTyped: First paragraph');
  });

  it('without a replica and without the whole state, fails with ReplicaMissing (the main thread sends the whole state)', () => {
    const replicas = new WorkerReplicas(codec);
    expect(() => runConversionJob(codec, replicas, { kind: 'read', replica: { key: 'none' }, format: 'text' })).toThrow(
      expect.objectContaining({ name: 'ReplicaMissing' }),
    );
  });

  it("computes a write's update against the replica: applied to the room's doc it makes the same document", () => {
    const doc = roomDoc('# Title\n\nFirst paragraph\n\nSecond paragraph');
    const replicas = new WorkerReplicas(codec);
    const edited = runConversionJob(codec, replicas, {
      kind: 'edit',
      replica: { key: 'k', full: Y.encodeStateAsUpdate(doc) },
      edit: { op: 'patch', block: 2, format: 'markdown', content: 'Replaced **here**' },
      maxDocBytes: 1 << 20,
    }).value as EditResult;
    expect(edited.result).toMatchObject({ index: 2, blocks: [expect.stringMatching(/^\d+:\d+$/)] });
    Y.applyUpdate(doc, edited.update as Uint8Array);
    expect(new DocumentView(doc, codec).markdown()).toBe('# Title\n\nFirst paragraph\n\nReplaced **here**');
  });

  it('reports a write past maxDocBytes as too large and drops the replica that holds it', () => {
    const doc = roomDoc('Small');
    const replicas = new WorkerReplicas(codec);
    const edited = runConversionJob(codec, replicas, {
      kind: 'edit',
      replica: { key: 'k', full: Y.encodeStateAsUpdate(doc) },
      edit: { op: 'append', format: 'text', content: 'x'.repeat(4096) },
      maxDocBytes: 1024,
    }).value as EditResult;
    expect(edited.tooLarge).toBe(true);
    expect(() => replicas.sync({ key: 'k' })).toThrow(expect.objectContaining({ name: 'ReplicaMissing' }));
  });

  it('a bad content is a ContentError with its kind; the replica stays as it was', () => {
    const doc = roomDoc('Kept');
    const replicas = new WorkerReplicas(codec);
    const job = { kind: 'edit', replica: { key: 'k', full: Y.encodeStateAsUpdate(doc) }, maxDocBytes: 1 << 20 } as const;
    expect(() => runConversionJob(codec, replicas, { ...job, edit: { op: 'replace', format: 'json', content: { type: 'nope' } } })).toThrow(
      expect.objectContaining({ name: 'ContentError', kind: 'invalid-json' }),
    );
    const read = runConversionJob(codec, replicas, { kind: 'read', replica: { key: 'k' }, format: 'text' }).value as ReadResult;
    expect(text(read)).toBe('Kept');
  });
});
