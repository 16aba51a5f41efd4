import type { JSONContent } from '@tandem/document';
import type { StoredBatch } from '@tandem/persistence';
// Only the attribution helpers: the conversion workers load this file, and need no store code.
import { attributionLookup, attributionOf, mergeAttributions } from '@tandem/persistence/attribution';
import { DocSchema } from '@tandem/protocol';
import * as Y from 'yjs';
import { type YChange, snapshotJson } from './snapshotJson.js';
import { docOfBatches } from './versionState.js';

/** One insertion or deletion between two versions, and who made it. */
export interface VersionChange {
  type: YChange['type'];
  /** The author (a token's `sub`, `apikey:<id>`); '' when unknown. */
  author: string;
  /** The text inserted or deleted (a whole block's text for a block added or removed). */
  text: string;
  /** Where: the index of the top-level block in `content`, or 'title'. */
  block: number | 'title';
  /** A whole block was added or removed, not text in it. */
  wholeBlock: boolean;
}

export interface VersionComparison {
  /** The document with both states in it, ProseMirror JSON: `ychange` marks on text, `ychange` attributes on blocks. */
  content: JSONContent;
  changes: VersionChange[];
  /** Everyone with a change, in the order of their first change. */
  authors: string[];
}

function plainText(node: JSONContent): string {
  if (typeof node.text === 'string') return node.text;
  return (node.content ?? []).map(plainText).join(node.type === 'doc' ? '\n' : '');
}

/** The text runs of a block that carry a `ychange` mark, in order. */
function markedRuns(node: JSONContent, out: { change: YChange; text: string }[]): void {
  if (typeof node.text === 'string') {
    const mark = node.marks?.find((candidate) => candidate.type === 'ychange');
    if (mark !== undefined) out.push({ change: mark.attrs as unknown as YChange, text: node.text });
    return;
  }
  for (const child of node.content ?? []) markedRuns(child, out);
}

/** The change list of a rendered comparison: blocks added or removed whole, else their changed runs (neighbours of one kind and author joined). */
export function changesOf(content: JSONContent): VersionChange[] {
  const changes: VersionChange[] = [];
  const push = (change: VersionChange) => {
    const last = changes.at(-1);
    if (
      last &&
      !change.wholeBlock &&
      !last.wholeBlock &&
      last.block === change.block &&
      last.type === change.type &&
      last.author === change.author
    ) {
      last.text += change.text;
    } else changes.push(change);
  };
  (content.content ?? []).forEach((block, index) => {
    const whole = block.attrs?.ychange as YChange | undefined;
    if (whole !== undefined) {
      push({ type: whole.type, author: whole.user, text: plainText(block), block: index, wholeBlock: true });
      return;
    }
    const runs: { change: YChange; text: string }[] = [];
    markedRuns(block, runs);
    for (const { change, text } of runs) push({ type: change.type, author: change.user, text, block: index, wholeBlock: false });
  });
  return changes;
}

/**
 * What changed between the state at `fromSeq` and the state `batches` make (the batches through the
 * later number), with the author of each insertion and deletion: the batches after `fromSeq` say
 * who wrote them (merged ones keep who did what). Both states go into one doc that keeps deleted
 * content; y-prosemirror's rendering of one snapshot against another (`snapshotJson`) marks what
 * each added and removed.
 */
export function compareVersions(batches: readonly StoredBatch[], fromSeq: number): VersionComparison {
  const before = batches.filter((batch) => batch.seq <= fromSeq);
  const after = batches.filter((batch) => batch.seq > fromSeq);
  const doc = docOfBatches(before, false);
  try {
    const from = Y.snapshot(doc);
    doc.transact(() => {
      for (const batch of after) for (const update of batch.updates) Y.applyUpdate(doc, update);
    });
    const to = Y.snapshot(doc);
    const attribution = mergeAttributions(after.map(attributionOf));
    // Items are split where their authors change, so each rendered run has one author.
    doc.transact((transaction) => {
      for (const { inserted, deleted } of attribution.values()) {
        Y.iterateDeletedStructs(transaction, inserted, () => {});
        Y.iterateDeletedStructs(transaction, deleted, () => {});
      }
    });
    const lookup = attributionLookup(attribution);
    const ychange = (type: YChange['type'], id: Y.ID): YChange => ({
      type,
      user: (type === 'added' ? lookup.inserter(id) : lookup.deleter(id)) ?? '',
    });
    const content = snapshotJson(doc.getXmlFragment(DocSchema.content), to, from, ychange);
    const changes = changesOf(content);
    const title = doc.getText(DocSchema.title).toDelta(to, from, ychange) as { insert: unknown; attributes?: { ychange?: YChange } }[];
    for (const run of title) {
      const change = run.attributes?.ychange;
      if (change !== undefined && typeof run.insert === 'string') {
        changes.push({ type: change.type, author: change.user, text: run.insert, block: 'title', wholeBlock: false });
      }
    }
    return { content, changes, authors: [...new Set(changes.map((change) => change.author))] };
  } finally {
    doc.destroy();
  }
}
