import {
  appendContent,
  type ContentFormat,
  type DocumentCodec,
  DocumentView,
  replaceBlock,
  replaceContent,
  setTitle,
} from '@tandem/document';
import * as Y from 'yjs';
import { compareJob, versionJob } from '../history/historyJobs.js';
import { type PackedBatches, unpackBatches } from '../history/packedBatches.js';
import { docOfBatches } from '../history/versionState.js';
import type { CompareResult, ConversionJob, EditResult, EditSpec, ReadResult, VersionResult } from './conversionMessages.js';
import type { Replica, WorkerReplicas } from './workerReplicas.js';

const utf8 = new TextEncoder();

/** What a worker does for a job: the answer, and the buffers to transfer with it. */
export function runConversionJob(
  codec: DocumentCodec,
  replicas: WorkerReplicas,
  job: ConversionJob,
): { value: ReadResult | EditResult | VersionResult | CompareResult | null; transfer: ArrayBuffer[] } {
  switch (job.kind) {
    case 'drop':
      replicas.drop(job.key);
      return { value: null, transfer: [] };
    case 'read': {
      const { view } = replicas.sync(job.replica);
      const text =
        job.format === 'json'
          ? JSON.stringify({ blocks: view.blockIds(), content: view.json() })
          : job.format === 'html'
            ? view.html()
            : job.format === 'markdown'
              ? view.markdown()
              : view.text();
      const body = utf8.encode(text);
      return { value: { title: view.title, body }, transfer: [body.buffer as ArrayBuffer] };
    }
    case 'edit': {
      const replica = replicas.sync(job.replica);
      const bytesBefore = replica.bytes;
      let value: EditResult;
      try {
        value = edit(codec, replica, job.edit, job.maxDocBytes);
      } catch (error) {
        // An edit that threw halfway leaves no replica behind (the next job sends the whole state).
        if (replica.bytes !== bytesBefore) replicas.drop(job.replica.key);
        throw error;
      }
      // A replica that holds a change the room may not take (too large, or refused later) is made anew.
      if (value.tooLarge) replicas.drop(job.replica.key);
      return { value, transfer: value.update === null ? [] : [value.update.buffer as ArrayBuffer] };
    }
    case 'version': {
      const value = versionJob(codec, job.batches, job.format);
      return { value, transfer: [value.update.buffer as ArrayBuffer, value.body.buffer as ArrayBuffer] };
    }
    case 'compare': {
      const value = compareJob(codec, job.batches, job.fromSeq, job.format);
      return { value, transfer: [value.body.buffer as ArrayBuffer] };
    }
  }
}

/**
 * Parses the content and computes the edit on the replica as the smallest change (see
 * `@tandem/document`'s content edits); the update it made goes back to the main thread, which
 * hands it to the room.
 */
function edit(codec: DocumentCodec, replica: Replica, spec: EditSpec, maxDocBytes: number): EditResult {
  if (spec.op === 'restore') return restore(codec, replica, spec.batches, maxDocBytes);
  const doc = spec.op === 'title' ? null : codec.parse(spec.format as ContentFormat, spec.content);
  const updates: Uint8Array[] = [];
  const collect = (update: Uint8Array): void => {
    updates.push(update);
  };
  const { view } = replica;
  replica.doc.on('update', collect);
  let result: Record<string, unknown> = {};
  try {
    if (spec.op === 'title') {
      setTitle(replica.doc, spec.title);
    } else if (doc !== null && spec.op === 'replace') {
      replaceContent(view, doc);
      if (spec.title !== undefined) setTitle(replica.doc, spec.title);
    } else if (doc !== null && spec.op === 'append') {
      const before = view.blockCount;
      appendContent(view, doc);
      result = { blocks: view.blockIds(before) };
    } else if (doc !== null && spec.op === 'patch') {
      const { index } = replaceBlock(view, typeof spec.block === 'number' ? { index: spec.block } : { id: spec.block }, doc);
      result = { index, blocks: view.blockIds(index, index + doc.childCount) };
    }
  } finally {
    replica.doc.off('update', collect);
  }
  return edited(replica, updates, result, maxDocBytes);
}

/** The edit's updates as one, and whether the replica grew past the limit with them. */
function edited(replica: Replica, updates: Uint8Array[], result: Record<string, unknown>, maxDocBytes: number): EditResult {
  if (updates.length === 0) return { update: null, result, tooLarge: false };
  let tooLarge = replica.bytes > maxDocBytes;
  if (tooLarge) {
    replica.bytes = Y.encodeStateAsUpdate(replica.doc).byteLength;
    tooLarge = replica.bytes > maxDocBytes;
  }
  return { update: Y.mergeUpdates(updates), result, tooLarge };
}

/**
 * A restore: the version's content and title written over the replica as the smallest change
 * (`replaceContent`); `result.base` is the replica's state vector before it (what the change was
 * computed against).
 */
function restore(codec: DocumentCodec, replica: Replica, batches: PackedBatches, maxDocBytes: number): EditResult {
  const version = docOfBatches(unpackBatches(batches));
  const versionView = new DocumentView(version, codec);
  const base = Y.encodeStateVector(replica.doc);
  const updates: Uint8Array[] = [];
  const collect = (update: Uint8Array): void => {
    updates.push(update);
  };
  replica.doc.on('update', collect);
  try {
    replaceContent(replica.view, versionView.node());
    setTitle(replica.doc, versionView.title);
  } finally {
    replica.doc.off('update', collect);
    versionView.destroy();
    version.destroy();
  }
  return edited(replica, updates, { base }, maxDocBytes);
}
