import { type MessageKind, messageKindOf, messageKinds } from './messageKind.js';

/**
 * Plain counts of messages and bytes per message kind, one direction. Incremented on every frame
 * (two array writes), read into prom-client counters only when `/metrics` is scraped.
 */
export class MessageTally {
  readonly messages = new Float64Array(messageKinds.length);
  readonly bytes = new Float64Array(messageKinds.length);

  /** Messages of these kinds counted so far. */
  total(kinds: readonly MessageKind[]): number {
    let sum = 0;
    for (const kind of kinds) sum += this.messages[messageKinds.indexOf(kind)] as number;
    return sum;
  }

  /** Counts `copies` identical frames (a broadcast counts once per recipient). */
  count(frame: Uint8Array, copies = 1): void {
    const kind = messageKindOf(frame);
    this.messages[kind] = (this.messages[kind] as number) + copies;
    this.bytes[kind] = (this.bytes[kind] as number) + frame.byteLength * copies;
  }
}
