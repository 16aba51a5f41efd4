/**
 * One operation at a time per document, in call order; different documents run in parallel.
 * Each document has a promise chain; a failed task rejects its own caller only and does not
 * break the chain for the next task. `idle()` resolves once every queued task has settled.
 */
export interface DocQueue {
  run<T>(docName: string, task: () => Promise<T>): Promise<T>;
  /** Resolves when no task is queued or running for any document. */
  idle(): Promise<void>;
  /** Number of documents with queued or running tasks. */
  readonly activeDocs: number;
}

export function createDocQueue(): DocQueue {
  const tails = new Map<string, Promise<void>>();

  return {
    run<T>(docName: string, task: () => Promise<T>): Promise<T> {
      const previous = tails.get(docName) ?? Promise.resolve();
      const result = previous.then(task);
      const tail = result.then(
        () => undefined,
        () => undefined,
      );
      tails.set(docName, tail);
      void tail.then(() => {
        if (tails.get(docName) === tail) tails.delete(docName);
      });
      return result;
    },
    async idle(): Promise<void> {
      while (tails.size > 0) await Promise.all(tails.values());
    },
    get activeDocs() {
      return tails.size;
    },
  };
}
