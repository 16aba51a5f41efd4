import type { DocumentStore } from '@tandem/persistence';
import type { ConversionJob, ReadFormat, VersionResult } from '../conversions/conversionMessages.js';
import type { ConversionPool } from '../conversions/conversionPool.js';
import { packBatches } from './packedBatches.js';
import { batchesThrough } from './versionState.js';

/** A version as the read route serves it: the state, and the body in one format (UTF-8; `json`: the ProseMirror JSON of its content; `yjs`: empty, `update` is it). */
export type VersionRead = VersionResult;

/** Reads kept, at most, and at most this many bytes of state and body together. */
const keptReads = 8;
const keptBytes = 8 * 1024 * 1024;

/**
 * Versions read in a format, converted on the conversion pool: the main thread reads the stored
 * batches (cheap) and hands their bytes to a worker, which applies them and converts; the event
 * loop goes on relaying edits meanwhile. What was converted is kept (a version's state never
 * changes), keyed by the document's creation time too, so a re-created document never gets the
 * old one's versions; the least recently used go first.
 */
export class VersionReads {
  private readonly kept = new Map<string, Promise<VersionRead>>();
  private readonly sizes = new Map<string, number>();

  constructor(
    private readonly store: DocumentStore,
    private readonly pool: ConversionPool,
  ) {}

  get(name: string, createdAt: number, seq: number, format: ReadFormat | 'yjs'): Promise<VersionRead> {
    const key = `${name}\0${createdAt}\0${seq}\0${format}`;
    let read = this.kept.get(key);
    if (read !== undefined) {
      this.kept.delete(key);
    } else {
      const converting = this.convert(name, seq, format);
      read = converting;
      converting.then(
        (converted) => {
          if (this.kept.get(key) !== converting) return;
          this.sizes.set(key, converted.update.byteLength + converted.body.byteLength);
          this.trim();
        },
        () => {
          if (this.kept.get(key) === converting) this.drop(key);
        },
      );
    }
    this.kept.set(key, read);
    this.trim();
    return read;
  }

  private async convert(name: string, seq: number, format: ReadFormat | 'yjs'): Promise<VersionRead> {
    const batches = packBatches(await batchesThrough(this.store, name, seq));
    return this.pool.run<VersionResult>(
      () => ({ message: { kind: 'version', batches, format } satisfies ConversionJob, transfer: [batches.bytes.buffer as ArrayBuffer] }),
      { kind: 'version' },
    );
  }

  /** Drops the least recently used until within both bounds (the newest is kept whatever its size). */
  private trim(): void {
    let bytes = 0;
    for (const size of this.sizes.values()) bytes += size;
    while (this.kept.size > 1 && (this.kept.size > keptReads || bytes > keptBytes)) {
      const oldest = this.kept.keys().next().value as string;
      bytes -= this.sizes.get(oldest) ?? 0;
      this.drop(oldest);
    }
  }

  private drop(key: string): void {
    this.kept.delete(key);
    this.sizes.delete(key);
  }
}
