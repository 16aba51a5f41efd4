/**
 * The order of one connection's frames: each is handled once everything before it is, at once when
 * nothing waits (the room's load, a sync step 1 reply waiting for storage, a client over its budget).
 * What it waits for never rejects, so the queue keeps going.
 */
export class FrameQueue {
  /** What later frames must wait for; null when nothing waits. */
  private pending: Promise<void> | null = null;

  /**
   * Runs `handle` now when nothing waits and `admission` is null, else after what waits and
   * `admission`. A promise from `handle` (a reply left to send) holds back the frames after it.
   */
  run(admission: Promise<void> | null, handle: () => Promise<void> | undefined): void {
    if (this.pending === null && admission === null) {
      const later = handle();
      if (later !== undefined) this.wait(later);
    } else {
      this.wait(Promise.all([this.pending, admission]).then(() => handle()));
    }
  }

  /** Later frames wait for `pending` (which never rejects); the queue empties when it settles last. */
  wait(pending: Promise<void>): void {
    const queue: Promise<void> = pending.then(() => {
      if (this.pending === queue) this.pending = null;
    });
    this.pending = queue;
  }

  /** Resolves once the frames queued so far are handled. */
  settled(): Promise<void> {
    return this.pending ?? Promise.resolve();
  }
}
