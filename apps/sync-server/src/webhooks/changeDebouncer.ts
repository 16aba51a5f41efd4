export interface DebounceTiming {
  /** Fire once a document has had no change for this long... */
  debounceMs: number;
  /** ...or at the latest this long after its window opened. */
  maxWaitMs: number;
}

interface Window {
  openedAt: number;
  lastAt: number;
  /** The first number of the first batch this node stored in the window. */
  firstSeq: number;
  timer: NodeJS.Timeout | null;
}

/**
 * The per-document debounce of `document.updated`, on one node. A window opens when this node
 * stores a batch of a document; every change seen to it (stored here, or by another node of the
 * cluster) makes it wait again, and it fires once the document was quiet for `debounceMs`, or
 * `maxWaitMs` after it opened. One timer per open window, which looks again when it fires. Firing
 * calls `onQuiet`; if that fails, the window opens again (nothing is lost: the store's cursor
 * says what was announced).
 */
export class ChangeDebouncer {
  private readonly windows = new Map<string, Window>();
  /** Documents being restored: their windows wait. */
  private readonly holds = new Map<string, number>();
  private readonly firing = new Set<Promise<void>>();

  constructor(
    private readonly timing: DebounceTiming,
    private readonly onQuiet: (name: string, firstSeq: number) => Promise<void>,
  ) {}

  /** Documents with changes this node has not announced yet. */
  get pending(): number {
    return this.windows.size;
  }

  /** Whether `name` has a window open here. */
  isOpen(name: string): boolean {
    return this.windows.has(name);
  }

  /** This node stored a batch of `name` whose first number is `firstSeq`. */
  stored(name: string, firstSeq: number): void {
    const now = Date.now();
    const window = this.windows.get(name);
    if (window !== undefined) {
      window.lastAt = now;
      window.firstSeq = Math.min(window.firstSeq, firstSeq);
      return;
    }
    const opened: Window = { openedAt: now, lastAt: now, firstSeq, timer: null };
    this.windows.set(name, opened);
    this.schedule(name, opened);
  }

  /** A change to `name` was seen (here, or on another node): an open window waits again. */
  changed(name: string): void {
    const window = this.windows.get(name);
    if (window !== undefined) window.lastAt = Date.now();
  }

  /** While held (a restore writing the document), `name`'s window does not fire; call the result to let go. */
  hold(name: string): () => void {
    this.holds.set(name, (this.holds.get(name) ?? 0) + 1);
    let released = false;
    return () => {
      if (released) return;
      released = true;
      const left = (this.holds.get(name) ?? 1) - 1;
      if (left > 0) this.holds.set(name, left);
      else this.holds.delete(name);
    };
  }

  /** Fires `name`'s window now, if one is open; resolves once it is announced. */
  flush(name: string): Promise<void> {
    const window = this.windows.get(name);
    return window === undefined ? Promise.resolve() : this.fire(name, window);
  }

  /** Fires every open window now (a node stopping) and waits for every announcement in progress. */
  async flushAll(): Promise<void> {
    await Promise.allSettled([...this.windows].map(([name, window]) => this.fire(name, window)));
    await Promise.allSettled([...this.firing]);
  }

  private schedule(name: string, window: Window): void {
    const due = Math.min(window.lastAt + this.timing.debounceMs, window.openedAt + this.timing.maxWaitMs);
    window.timer = setTimeout(
      () => {
        window.timer = null;
        if (this.windows.get(name) !== window) return;
        const now = Date.now();
        const quietAt = Math.min(window.lastAt + this.timing.debounceMs, window.openedAt + this.timing.maxWaitMs);
        if (this.holds.has(name)) {
          window.lastAt = now;
          this.schedule(name, window);
        } else if (now >= quietAt) void this.fire(name, window);
        else this.schedule(name, window);
      },
      Math.max(0, due - Date.now()),
    );
    window.timer.unref();
  }

  private fire(name: string, window: Window): Promise<void> {
    if (window.timer !== null) clearTimeout(window.timer);
    if (this.windows.get(name) === window) this.windows.delete(name);
    const announced = this.onQuiet(name, window.firstSeq).catch(() => this.stored(name, window.firstSeq));
    this.firing.add(announced);
    void announced.finally(() => this.firing.delete(announced));
    return announced;
  }
}
