/**
 * "Is this person typing?" as a flag that expires by itself: every keystroke turns it on
 * and pushes the expiry back; `timeoutMs` after the last keystroke it turns off again.
 * The flag lives in the awareness state, so a closed tab takes it away with it.
 */
export interface Timers {
  setTimeout(callback: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

export const DEFAULT_TYPING_TIMEOUT_MS = 2000;

const globalTimers: Timers = {
  setTimeout: (callback, ms) => globalThis.setTimeout(callback, ms),
  clearTimeout: (handle) => globalThis.clearTimeout(handle as ReturnType<typeof setTimeout>),
};

export class TypingTracker {
  #typing = false;
  #timer: unknown = null;
  readonly #onChange: (typing: boolean) => void;
  readonly #timeoutMs: number;
  readonly #timers: Timers;

  constructor(onChange: (typing: boolean) => void, timeoutMs = DEFAULT_TYPING_TIMEOUT_MS, timers: Timers = globalTimers) {
    if (!Number.isFinite(timeoutMs) || timeoutMs <= 0) {
      throw new RangeError(`typingTimeoutMs must be a positive number of milliseconds, got ${timeoutMs}`);
    }
    this.#onChange = onChange;
    this.#timeoutMs = timeoutMs;
    this.#timers = timers;
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
    }
  }

  /** Stop at once (e.g. the tab is being hidden or the editor unmounts). */
  stop(): void {
    if (this.#timer !== null) this.#timers.clearTimeout(this.#timer);
    this.#expire();
  }

  #expire(): void {
    this.#timer = null;
    if (this.#typing) {
      this.#typing = false;
      this.#onChange(false);
    }
  }
}
