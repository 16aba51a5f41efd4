/**
 * The document updates of one socket read, collected and handed over together once the read is
 * handled: `ws` emits every frame of a read in one synchronous loop, so a microtask queued by the
 * first runs after all of them. One hand-over is one transaction, one stored batch and one relay.
 */
export class ReadBatch {
  private updates: Uint8Array[] = [];
  private scheduled = false;
  private readonly handOver: (updates: Uint8Array[]) => void;

  constructor(handOver: (updates: Uint8Array[]) => void) {
    this.handOver = handOver;
  }

  add(update: Uint8Array): void {
    this.updates.push(update);
    if (this.scheduled) return;
    this.scheduled = true;
    queueMicrotask(this.flush);
  }

  /** Hands over what was collected now (before something that must see it, like a sync step 1 reply). */
  readonly flush = (): void => {
    this.scheduled = false;
    const updates = this.updates;
    if (updates.length === 0) return;
    this.updates = [];
    this.handOver(updates);
  };
}
