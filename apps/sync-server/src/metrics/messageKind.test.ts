import { encodeAck, encodeAwareness, encodeQueryAwareness, encodeSyncStep1, encodeSyncStep2, encodeSyncUpdate } from '@tandem/protocol';
import { describe, expect, it } from 'vitest';
import { messageKindOf, messageKinds } from './messageKind.js';
import { MessageTally } from './messageTally.js';

const kindOf = (bytes: Uint8Array) => messageKinds[messageKindOf(bytes)];

describe('messageKindOf', () => {
  it('names every message type from its first bytes', () => {
    expect(kindOf(encodeSyncStep1(Uint8Array.of(0)))).toBe('sync_step1');
    expect(kindOf(encodeSyncStep2(Uint8Array.of(0, 0)))).toBe('sync_step2');
    expect(kindOf(encodeSyncUpdate(Uint8Array.of(0, 0)))).toBe('sync_update');
    expect(kindOf(encodeAwareness(Uint8Array.of(0)))).toBe('awareness');
    expect(kindOf(encodeQueryAwareness())).toBe('query_awareness');
    expect(kindOf(encodeAck(300))).toBe('ack');
    expect(kindOf(Uint8Array.of(2, 0))).toBe('auth');
    expect(kindOf(Uint8Array.of(0, 7))).toBe('other');
    expect(kindOf(Uint8Array.of(99))).toBe('other');
    expect(kindOf(new Uint8Array(0))).toBe('other');
  });

  it('a tally counts messages and bytes per kind, copies of a broadcast once per recipient', () => {
    const tally = new MessageTally();
    const update = encodeSyncUpdate(Uint8Array.of(1, 2, 3));
    tally.count(update, 3);
    tally.count(encodeAck(1));
    const index = messageKinds.indexOf('sync_update');
    expect(tally.messages[index]).toBe(3);
    expect(tally.bytes[index]).toBe(update.byteLength * 3);
    expect(tally.messages[messageKinds.indexOf('ack')]).toBe(1);
  });
});
