import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';
import { InvalidUpdateError, type MergedState } from './mergeUpdates.js';

/**
 * Merges in a worker thread, for large docs: applying a multi-MiB update and encoding the
 * result are single synchronous Yjs steps, which would stall every other document on the main
 * thread. One worker per store, started on first use,
 * one merge at a time, unref'd so it never keeps the process alive.
 */
export interface MergeWorker {
  merge(updates: readonly Uint8Array[]): Promise<MergedState>;
  /** Terminates the worker (pending merges reject). */
  close(): Promise<void>;
}

type Reply = { id: number; update: Uint8Array; stateVector: Uint8Array } | { id: number; error: string; index: number | null };

/** CommonJS source run with `eval: true`; loads its own copy of yjs (a separate isolate). */
function workerSource(yjsPath: string): string {
  return `
const Y = require(${JSON.stringify(yjsPath)});
const { parentPort } = require('node:worker_threads');
parentPort.on('message', ({ id, updates }) => {
  const doc = new Y.Doc({ gc: true });
  let index = 0;
  try {
    doc.transact(() => {
      for (; index < updates.length; index += 1) Y.applyUpdate(doc, updates[index]);
    });
    index = null;
    const update = Y.encodeStateAsUpdate(doc);
    const stateVector = Y.encodeStateVector(doc);
    parentPort.postMessage({ id, update, stateVector }, [update.buffer, stateVector.buffer]);
  } catch (error) {
    parentPort.postMessage({ id, error: error instanceof Error ? error.message : String(error), index });
  } finally {
    doc.destroy();
  }
});
`;
}

type Job = { resolve: (state: MergedState) => void; reject: (error: unknown) => void };

export function createMergeWorker(): MergeWorker {
  let current: { worker: Worker; jobs: Map<number, Job> } | null = null;
  let nextId = 0;

  function start(): { worker: Worker; jobs: Map<number, Job> } {
    const yjsPath = createRequire(import.meta.url).resolve('yjs');
    const worker = new Worker(workerSource(yjsPath), { eval: true });
    const jobs = new Map<number, Job>();
    const started = { worker, jobs };
    const failAll = (error: Error): void => {
      if (current === started) current = null;
      for (const job of jobs.values()) job.reject(error);
      jobs.clear();
    };
    worker.unref();
    worker.on('message', (reply: Reply) => {
      const job = jobs.get(reply.id);
      if (job === undefined) return;
      jobs.delete(reply.id);
      if (!('error' in reply)) job.resolve({ update: reply.update, stateVector: reply.stateVector });
      else if (reply.index === null) job.reject(new Error(reply.error));
      else job.reject(new InvalidUpdateError(reply.index, new Error(reply.error)));
    });
    worker.on('error', (error) => failAll(new Error(`merge worker failed: ${error.message}`, { cause: error })));
    worker.on('exit', (code) => failAll(new Error(`merge worker exited with code ${code}`)));
    return started;
  }

  return {
    merge(updates) {
      current ??= start();
      const { worker, jobs } = current;
      const id = nextId++;
      return new Promise<MergedState>((resolve, reject) => {
        jobs.set(id, { resolve, reject });
        worker.postMessage({ id, updates });
      });
    },
    async close() {
      const running = current;
      current = null;
      if (running !== null) await running.worker.terminate();
    },
  };
}
