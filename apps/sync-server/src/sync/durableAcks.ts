import { encodeAck } from '@tandem/protocol';

export interface DurableAcksOptions {
  /** Sends one ack message (type 100). */
  send: (message: Uint8Array) => void;
  /** Latency of one acknowledged frame, arrival to ack, in seconds. */
  observe: (seconds: number) => void;
}

interface Waiter {
  durable: Promise<void>;
  /** Highest sequence this promise covers (frames of one batch share one promise and one waiter). */
  through: number;
}

/**
 * Durable acks of one `ack=1` connection: counts update-bearing frames and, when the write that
 * holds a frame's effect resolves, sends the cumulative count. Frames whose effect lands in the
 * same write batch share ONE promise reaction; acks released together go out as one message.
 */
export class DurableAcks {
  private received = 0;
  private acked = 0;
  private sendScheduled = false;
  private waiter: Waiter | null = null;
  /** Arrival times of frames not acknowledged yet, oldest first, from index `head`. */
  private arrivals: number[] = [];
  private head = 0;
  private readonly options: DurableAcksOptions;

  constructor(options: DurableAcksOptions) {
    this.options = options;
  }

  /** One more update-bearing frame was applied; `durable` resolves once its effect is stored. */
  track(durable: Promise<void>): void {
    const sequence = ++this.received;
    this.arrivals.push(performance.now());
    const waiter = this.waiter;
    if (waiter !== null && waiter.durable === durable) {
      waiter.through = sequence;
      return;
    }
    const next: Waiter = { durable, through: sequence };
    this.waiter = next;
    durable.then(
      () => {
        if (this.waiter === next) this.waiter = null;
        this.acknowledge(next.through);
      },
      () => {}, // the room closes the connection when a write fails; nothing is acknowledged
    );
  }

  private acknowledge(through: number): void {
    if (through <= this.acked) return;
    const now = performance.now();
    for (let sequence = this.acked; sequence < through; sequence++) {
      this.options.observe((now - (this.arrivals[this.head++] as number)) / 1000);
    }
    if (this.head > 1024 && this.head * 2 > this.arrivals.length) {
      this.arrivals = this.arrivals.slice(this.head);
      this.head = 0;
    }
    this.acked = through;
    if (this.sendScheduled) return;
    this.sendScheduled = true;
    // Coalesce: all acks released by one stored batch (and other waiters of it) go out as one message.
    queueMicrotask(() => {
      this.sendScheduled = false;
      this.options.send(encodeAck(this.acked));
    });
  }
}
