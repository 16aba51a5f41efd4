/**
 * Call order per document, with room for group commit. Every call on a doc waits for the calls
 * made before it on that doc, except that an append following appends only waits until they are
 * queued for commit, not until they are committed: the committer keeps its queue in order and
 * commits one group at a time, so consecutive appends to a doc can share one transaction and
 * still commit in call order. A read or delete waits until everything before it has settled, so
 * it sees every earlier append. Different docs never wait for each other. A failed call rejects
 * its own caller only.
 */
export interface DocLanes {
  /** An append: `enter` queues it for commit and returns its outcome. */
  append<T>(docName: string, enter: () => Promise<T>): Promise<T>;
  /** Any other call on the doc. */
  run<T>(docName: string, task: () => Promise<T>): Promise<T>;
  /** Resolves once no call is queued or running on any doc. */
  idle(): Promise<void>;
}

interface Lane {
  /** Settles when the latest call has been queued for commit (an append) or has settled (anything else). */
  entered: Promise<void>;
  /** Settles when every call so far has settled. */
  settled: Promise<void>;
}

const ignore = (): void => undefined;
const quietly = (promise: Promise<unknown>): Promise<void> => promise.then(ignore, ignore);
/** Calls `task` now; a synchronous throw becomes a rejection. */
const start = <T>(task: () => Promise<T>): Promise<T> => new Promise<T>((resolve) => resolve(task()));

export function createDocLanes(): DocLanes {
  const lanes = new Map<string, Lane>();

  function keep(docName: string, lane: Lane): void {
    lanes.set(docName, lane);
    void lane.settled.then(() => {
      if (lanes.get(docName) === lane) lanes.delete(docName);
    });
  }

  return {
    append(docName, enter) {
      const before = lanes.get(docName);
      if (before === undefined) {
        const result = start(enter);
        keep(docName, { entered: Promise.resolve(), settled: quietly(result) });
        return result;
      }
      let markEntered = ignore;
      const entered = new Promise<void>((resolve) => {
        markEntered = resolve;
      });
      const result = before.entered.then(() => {
        try {
          return enter();
        } finally {
          markEntered();
        }
      });
      keep(docName, { entered, settled: Promise.all([before.settled, quietly(result)]).then(ignore) });
      return result;
    },
    run(docName, task) {
      const before = lanes.get(docName);
      const result = before === undefined ? start(task) : before.settled.then(task);
      const done = quietly(result);
      keep(docName, { entered: done, settled: done });
      return result;
    },
    async idle() {
      while (lanes.size > 0) await Promise.all([...lanes.values()].map((lane) => lane.settled));
    },
  };
}
