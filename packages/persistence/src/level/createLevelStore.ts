import { statfs } from 'node:fs/promises';
import type { DocumentStore } from '../documentStore.js';
import { type LevelStoreInput, type LevelStoreOptions, resolveLevelStoreOptions } from './levelStoreOptions.js';
import { openLevelStore } from './openLevelStore.js';
import { StoreError } from '../storeError.js';
import { forwardOutbox } from '../outbox/forwardOutbox.js';

/** Free space the disk must have again before LevelDB is reopened after it refused a write. */
export const reopenMinFreeBytes = 8 * 1024 * 1024;

/**
 * Opens (creating if needed) a LevelDB-backed DocumentStore in `dir`. Options are validated
 * first (a StoreError names the bad key). See README.md for keys, compaction and `sync`.
 *
 * Recovery: once LevelDB failed a write of its own (a full disk while it wrote a table), it keeps
 * that error and refuses every later write until it is reopened. So after any failed operation or
 * background error the store probes itself (`checkWritable`, then once per `checkpointIntervalMs`
 * while that fails); when LevelDB is what refuses and the disk has `reopenMinFreeBytes` free
 * again, it closes and reopens LevelDB and replays its journal (which kept every append the
 * failed checkpoints could not copy), while new calls wait. Nothing acknowledged is lost, and no
 * restart is needed. Until then the failure is reported through `onBackgroundError`.
 */
export async function createLevelStore(input: LevelStoreInput): Promise<DocumentStore> {
  const options = resolveLevelStoreOptions(input);
  const unreported: StoreError[] = [];
  const report = (error: StoreError): void => {
    if (options.onBackgroundError === null) unreported.push(error);
    else options.onBackgroundError(error);
  };
  const innerOptions: LevelStoreOptions = {
    ...options,
    onBackgroundError: (error) => {
      probeSoon(0);
      report(error);
    },
  };
  /** Why the last reopen failed (calls reject with it until one works). */
  let reopenError: unknown = null;
  let reopening: Promise<void> | null = null;
  let probeTimer: NodeJS.Timeout | null = null;
  let probing: Promise<void> | null = null;
  let closing: Promise<void> | null = null;
  // A background error while the first open is still replaying the journal is probed once it is open.
  let inner: DocumentStore | null = null;
  let opened = false;
  let probeWhenOpened = false;
  inner = await openLevelStore(innerOptions).catch(async (error: unknown) => {
    throw await explainOpenFailure(options.dir, error);
  });
  opened = true;
  if (probeWhenOpened) probeSoon(0);

  function probeSoon(delayMs: number): void {
    if (!opened) {
      probeWhenOpened = true;
      return;
    }
    if (probeTimer !== null || probing !== null || closing !== null) return;
    probeTimer = setTimeout(() => {
      probeTimer = null;
      probing = probe().finally(() => {
        probing = null;
      });
    }, delayMs);
    probeTimer.unref();
  }

  async function probe(): Promise<void> {
    let retry = false;
    try {
      const store = inner;
      if (store !== null) {
        const refusal = await store.checkWritable().then(
          () => null,
          (error: unknown) => error,
        );
        if (refusal === null) return;
        retry = true;
        if (!refusedByLevelDb(refusal) || (await freeBytes(options.dir)) < reopenMinFreeBytes) return;
      } else {
        retry = true;
        if ((await freeBytes(options.dir)) < reopenMinFreeBytes) return;
      }
      reopening = reopen(store);
      await reopening;
      retry = inner === null;
    } finally {
      reopening = null;
      // After this probe settles (probeSoon ignores calls while it runs).
      if (retry) setImmediate(() => probeSoon(options.checkpointIntervalMs));
    }
  }

  async function reopen(store: DocumentStore | null): Promise<void> {
    inner = null;
    if (store !== null) {
      // Waits for the calls in flight; its last checkpoint fails, so the journal keeps the appends.
      await store.close().catch((error: unknown) => report(asStoreError(error, 'closing LevelDB to reopen it after a write failure')));
    }
    try {
      inner = await openLevelStore(innerOptions);
      reopenError = null;
    } catch (error) {
      reopenError = error;
      report(asStoreError(error, 'reopening LevelDB after a write failure failed; retrying'));
    }
  }

  async function use<T>(docName: string | null, call: (store: DocumentStore) => Promise<T>): Promise<T> {
    if (reopening !== null) await reopening;
    const store = inner;
    if (closing !== null) throw new StoreError('the store is closed', { docName });
    if (store === null) {
      probeSoon(0);
      throw new StoreError('the store is unavailable: LevelDB refused writes and could not be reopened yet; retrying', {
        docName,
        cause: reopenError,
      });
    }
    try {
      return await call(store);
    } catch (error) {
      probeSoon(0);
      throw error;
    }
  }

  return {
    append: (docName, updates, appendOptions) => use(docName, (store) => store.append(docName, updates, appendOptions)),
    load: (docName) => use(docName, (store) => store.load(docName)),
    loadUpdates: (docName) => use(docName, (store) => store.loadUpdates(docName)),
    readAfter: (docName, afterSeq) => use(docName, (store) => store.readAfter(docName, afterSeq)),
    readThrough: (docName, throughSeq) => use(docName, (store) => store.readThrough(docName, throughSeq)),
    createVersion: (docName, options) => use(docName, (store) => store.createVersion(docName, options)),
    listVersions: (docName, options) => use(docName, (store) => store.listVersions(docName, options)),
    getVersion: (docName, seq) => use(docName, (store) => store.getVersion(docName, seq)),
    deleteVersions: (docName, seqs) => use(docName, (store) => store.deleteVersions(docName, seqs)),
    getMeta: (docName) => use(docName, (store) => store.getMeta(docName)),
    list: (listOptions) => use(null, (store) => store.list(listOptions)),
    delete: (docName) => use(docName, (store) => store.delete(docName)),
    checkWritable: () => use(null, (store) => store.checkWritable()),
    outbox: forwardOutbox((call) => use(null, (store) => call(store.outbox))),
    close() {
      closing ??= (async () => {
        if (probeTimer !== null) clearTimeout(probeTimer);
        probeTimer = null;
        await probing;
        await inner?.close();
        const first = unreported[0];
        if (first !== undefined) throw first;
      })();
      return closing;
    },
  };
}

/** LevelDB (not the journal) failed the probe's write: its error code says so. */
function refusedByLevelDb(error: unknown): boolean {
  for (let cause: unknown = error; cause instanceof Error; cause = cause.cause) {
    if ((cause as { code?: unknown }).code === 'LEVEL_IO_ERROR') return true;
  }
  return false;
}

/** Less free space than this when the store cannot open, and the message says the disk is full. */
const fullDiskBytes = 1024 * 1024;

/** LevelDB cannot even open on a full disk (it writes a new log and manifest): say so plainly. */
async function explainOpenFailure(dir: string, error: unknown): Promise<unknown> {
  const free = await freeBytes(dir).catch(() => Number.POSITIVE_INFINITY);
  if (free >= fullDiskBytes) return error;
  return new StoreError(
    `cannot open the store: the disk holding ${JSON.stringify(dir)} is full (${free} bytes free); free some space and start again`,
    {
      cause: error,
    },
  );
}

async function freeBytes(dir: string): Promise<number> {
  const stats = await statfs(dir);
  return stats.bavail * stats.bsize;
}

function asStoreError(error: unknown, message: string): StoreError {
  return error instanceof StoreError ? error : new StoreError(message, { cause: error });
}
