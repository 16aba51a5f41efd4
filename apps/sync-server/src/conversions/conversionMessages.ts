import type { VersionChange } from '../history/compareVersions.js';
import type { PackedBatches } from '../history/packedBatches.js';

/**
 * What the main thread and a conversion worker say to each other. A live document's job runs on
 * the worker's copy of it (a replica, named by `key`), brought up to date by the job itself: the
 * whole state when the worker has no copy, else the room's updates since the last job. A version
 * history job brings the stored batches of the state it converts, and keeps nothing.
 */

/** The formats a document is read in by a worker (Yjs itself needs no conversion). */
export type ReadFormat = 'json' | 'html' | 'markdown' | 'text';

/** How a job brings the worker's replica up to date before it runs. */
export interface ReplicaSync {
  key: string;
  /** The whole state: the worker starts a new replica from it. */
  full?: Uint8Array;
  /** The room's updates since the last job (merged), applied to the replica it has. */
  update?: Uint8Array;
}

/** A change to a document's content, parsed and computed on the worker. */
export type EditSpec =
  | { op: 'replace'; format: string; content: unknown; title?: string | undefined }
  | { op: 'append'; format: string; content: unknown }
  | { op: 'patch'; block: number | string; format: string; content: unknown }
  | { op: 'title'; title: string }
  /** A version's content and title written over the document (a restore): the stored batches of its state. */
  | { op: 'restore'; batches: PackedBatches };

export type ConversionJob =
  | { kind: 'read'; replica: ReplicaSync; format: ReadFormat }
  | { kind: 'edit'; replica: ReplicaSync; edit: EditSpec; maxDocBytes: number }
  | { kind: 'drop'; key: string }
  /** A version: the state the stored batches make, in `format` (`yjs`: the state only). */
  | { kind: 'version'; batches: PackedBatches; format: ReadFormat | 'yjs' }
  /** Two states compared (`compareVersions`): the batches through the later one, the earlier one's number. */
  | { kind: 'compare'; batches: PackedBatches; fromSeq: number; format: 'json' | 'html' };

/** `read`: the body as UTF-8 (for `json`, the `{"blocks":…,"content":…}` object) and the live title. */
export interface ReadResult {
  title: string;
  body: Uint8Array;
}

/** `edit`: the update it made (null: nothing changed), what the route answers with, and whether the size limit stopped it. */
export interface EditResult {
  update: Uint8Array | null;
  result: Record<string, unknown>;
  tooLarge: boolean;
}

/** `version`: the state as one update, its title, blocks and ETag, and the body (UTF-8; `json`: the ProseMirror JSON of its content; empty for `yjs`). */
export interface VersionResult {
  update: Uint8Array;
  title: string;
  blocks: string[];
  etag: string;
  body: Uint8Array;
}

/** `compare`: the changes and their authors, and the body (UTF-8: the marked content's ProseMirror JSON, or its HTML). */
export interface CompareResult {
  changes: VersionChange[];
  authors: string[];
  body: Uint8Array;
}

/** An error thrown on a worker, as it crosses to the main thread. */
export interface WorkerErrorData {
  name: string;
  message: string;
  /** A ContentError's kind. */
  kind?: string;
}

export type WorkerReply = { id: number; ok: true; value: unknown } | { id: number; ok: false; error: WorkerErrorData };

/** The error name a worker answers with when it has no replica for the key (evicted): send the whole state. */
export const REPLICA_MISSING = 'ReplicaMissing';
