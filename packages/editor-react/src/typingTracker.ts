/**
 * "Is this person typing?" as a flag that expires by itself: every keystroke turns it on
 * and pushes the expiry back; `timeoutMs` after the last keystroke it turns off again.
 * The flag lives in the awareness state, so a closed tab takes it away with it. With
 * `onRefresh`, the flag is renewed every `refreshMs` while it is on, so that the people
 * watching can tell a live "typing" from one its sender can no longer clear (see `remoteTyping`).
 */
export interface Timers {
  setTimeout(callback: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

export const DEFAULT_TYPING_TIMEOUT_MS = 2000;

export interface TypingRefresh {
  /** Called every `refreshMs` while typing, with a number that changes each time. */
  onRefresh: (signal: number) => void;
  refreshMs: number;
}

const globalTimers: Timers = {
  setTimeout: (callback, ms) => globalThis.setTimeout(callback, ms),
  clearTimeout: (handle) => globalThis.clearTimeout(handle as ReturnType<typeof setTimeout>),
};

export class TypingTracker {
  #typing = false;
  #timer: unknown = null;
  #refreshTimer: unknown = null;
  #signal = 0;
  readonly #onChange: (typing: boolean) => void;
  readonly #timeoutMs: number;
  readonly #timers: Timers;
  readonly #refresh: TypingRefresh | null;

  constructor(
    onChange: (typing: boolean) => void,
    timeoutMs = DEFAULT_TYPING_TIMEOUT_MS,
    timers: Timers = globalTimers,
    refresh: TypingRefresh | null = null,
  ) {
    if (!Number.isFinite(timeoutMs) || timeoutMs <= 0) {
      throw new RangeError(`typingTimeoutMs must be a positive number of milliseconds, got ${timeoutMs}`);
    }
    if (refresh !== null && (!Number.isFinite(refresh.refreshMs) || refresh.refreshMs <= 0)) {
      throw new RangeError(`refreshMs must be a positive number of milliseconds, got ${refresh.refreshMs}`);
    }
    this.#onChange = onChange;
    this.#timeoutMs = timeoutMs;
    this.#timers = timers;
    this.#refresh = refresh;
  }

  get typing(): boolean {
    return this.#typing;
  }

  keystroke(): void {
    if (this.#timer !== null) this.#timers.clearTimeout(this.#timer);
    this.#timer = this.#timers.setTimeout(() => this.#expire(), this.#timeoutMs);
    if (!this.#typing) {
      this.#typing = true;
      this.#onChange(true);
      this.#scheduleRefresh();
    }
  }

  /** Stop at once (e.g. the tab is being hidden or the editor unmounts). */
  stop(): void {
    if (this.#timer !== null) this.#timers.clearTimeout(this.#timer);
    this.#expire();
  }

  #scheduleRefresh(): void {
    const refresh = this.#refresh;
    if (refresh === null) return;
    this.#refreshTimer = this.#timers.setTimeout(() => {
      this.#refreshTimer = null;
      if (!this.#typing) return;
      this.#signal += 1;
      refresh.onRefresh(this.#signal);
      this.#scheduleRefresh();
    }, refresh.refreshMs);
  }

  #expire(): void {
    this.#timer = null;
    if (this.#refreshTimer !== null) this.#timers.clearTimeout(this.#refreshTimer);
    this.#refreshTimer = null;
    if (this.#typing) {
      this.#typing = false;
      this.#onChange(false);
    }
  }
}
