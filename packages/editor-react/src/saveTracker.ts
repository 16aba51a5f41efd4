/**
 * Counts what this client has sent to the server and what the server says is durable,
 * so the UI can say "Saved" only when the server has written every change to disk.
 *
 * The server's durable ack (message type 100, `params: { ack: '1' }`) carries the
 * cumulative number of update-bearing messages (sync step 2 and sync update) received on
 * the current connection whose effect is stored. Both counters therefore restart with each
 * connection. Changes made while disconnected are not counted as sent: they travel in the
 * sync step 2 of the next connection, so they stay "unsaved" until that message is acked.
 */
export type SaveState = 'saved' | 'saving' | 'unsaved';

export interface SaveCounts {
  /** Update-bearing messages sent on the current connection. */
  readonly sent: number;
  /** The server's latest durable count for the current connection. */
  readonly acked: number;
  /** Local changes made while no connection could carry them. */
  readonly pendingOffline: boolean;
}

export class SaveTracker {
  #sent = 0;
  #acked = 0;
  #pendingOffline = false;

  /** A new connection opened: its counters start from zero. */
  connectionOpened(): void {
    this.#sent = 0;
    this.#acked = 0;
  }

  /** An update-bearing message went out on the current connection. */
  messageSent(): void {
    this.#sent += 1;
  }

  /**
   * The sync step 2 went out: it carries everything the server lacked, including every
   * change made while offline, so those are now covered by the connection's counters.
   */
  syncStep2Sent(): void {
    this.#sent += 1;
    this.#pendingOffline = false;
  }

  /**
   * The connection closed. Whatever it carried that the server had not yet acknowledged
   * must travel again (in the next connection's sync step 2), so it is pending again.
   */
  connectionClosed(): void {
    if (this.#acked < this.#sent) this.#pendingOffline = true;
    this.#sent = 0;
    this.#acked = 0;
  }

  /** A local change happened while no connection could send it. */
  changedWhileOffline(): void {
    this.#pendingOffline = true;
  }

  /**
   * The server's cumulative durable count. Counts never go backwards on one connection and
   * never exceed what was sent; a count that does is a protocol violation and throws.
   */
  ackReceived(count: number): void {
    if (!Number.isSafeInteger(count) || count < 0) {
      throw new RangeError(`durable ack count must be a non-negative integer, got ${count}`);
    }
    if (count > this.#sent) {
      throw new RangeError(`durable ack count ${count} exceeds the ${this.#sent} messages sent on this connection`);
    }
    if (count < this.#acked) {
      throw new RangeError(`durable ack count went backwards from ${this.#acked} to ${count}`);
    }
    this.#acked = count;
  }

  get counts(): SaveCounts {
    return { sent: this.#sent, acked: this.#acked, pendingOffline: this.#pendingOffline };
  }

  /**
   * `saved`: everything sent is durable and nothing waits offline.
   * `saving`: sent, not yet durable. `unsaved`: changes wait for a connection.
   */
  get state(): SaveState {
    if (this.#pendingOffline) return 'unsaved';
    return this.#acked >= this.#sent ? 'saved' : 'saving';
  }
}
