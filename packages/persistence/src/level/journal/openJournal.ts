import { closeSync, fdatasync, fdatasyncSync, ftruncateSync, openSync, unlinkSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { StoreError } from '../../storeError.js';
import { journalFileName } from './journalFiles.js';

/**
 * The write-ahead journal of the LevelDB store: appends are written here with one `write` system
 * call on the calling thread, so they are in the kernel (and survive a crash of the process) when
 * `append` returns, without a trip to LevelDB's thread pool. `sync()` adds an fdatasync for
 * power-loss safety. The store copies journalled appends into LevelDB in the background
 * (checkpoints) and then removes the files it no longer needs.
 */
export interface Journal {
  /** Writes one framed record. Throws a StoreError if it cannot; the file is cut back to before it. */
  append(frame: Uint8Array): void;
  /** Resolves once everything appended so far is on stable storage (concurrent calls share fsyncs). */
  sync(): Promise<void>;
  /** Bytes in the current file. */
  readonly size: number;
  /** Number of the file appends go to now. */
  readonly current: number;
  /** Starts a new file if the current one holds anything. */
  rotate(): void;
  /** Deletes the files numbered below `number` (never the current one). */
  removeBefore(number: number): void;
  close(): void;
}

export function openJournal(dir: string, firstNumber: number, options: { sync: boolean }): Journal {
  let current = firstNumber;
  let fd = openSync(join(dir, journalFileName(current)), 'a');
  let size = 0;
  let broken: StoreError | null = null;
  const older = new Set<number>();
  let syncing: Promise<void> | null = null;
  let queued: Promise<void> | null = null;

  const fsyncNow = (): Promise<void> =>
    new Promise((resolve, reject) => {
      fdatasync(fd, (error) => (error ? reject(new StoreError('journal fsync failed', { cause: error })) : resolve()));
    });

  function sync(): Promise<void> {
    if (queued !== null) return queued;
    if (syncing === null) {
      syncing = fsyncNow().finally(() => {
        syncing = null;
      });
      return syncing;
    }
    // Writes made while an fsync runs need the next one.
    queued = syncing
      .catch(() => {})
      .then(() => {
        queued = null;
        return sync();
      });
    return queued;
  }

  return {
    append(frame) {
      if (broken !== null) throw broken;
      let written = 0;
      try {
        while (written < frame.length) written += writeSync(fd, frame, written, frame.length - written);
      } catch (error) {
        try {
          ftruncateSync(fd, size);
        } catch (truncateError) {
          broken = new StoreError('the journal could not be cut back after a failed write; restart the store', {
            cause: truncateError,
          });
        }
        throw new StoreError('writing to the journal failed', { cause: error });
      }
      size += frame.length;
    },
    sync,
    get size() {
      return size;
    },
    get current() {
      return current;
    },
    rotate() {
      if (size === 0) return;
      if (options.sync) fdatasyncSync(fd);
      closeSync(fd);
      older.add(current);
      current += 1;
      fd = openSync(join(dir, journalFileName(current)), 'a');
      size = 0;
    },
    removeBefore(number) {
      for (const file of [...older].sort((a, b) => a - b)) {
        if (file >= number) break;
        unlinkSync(join(dir, journalFileName(file)));
        older.delete(file);
      }
    },
    close() {
      closeSync(fd);
    },
  };
}
