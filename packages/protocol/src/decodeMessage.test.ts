import * as encoding from 'lib0/encoding';
import { describe, expect, it } from 'vitest';
import * as awarenessProtocol from 'y-protocols/awareness';
import * as syncProtocol from 'y-protocols/sync';
import * as Y from 'yjs';
import { decodeMessage } from './decodeMessage.js';
import {
  encodeAck,
  encodeAuthPermissionDenied,
  encodeAwareness,
  encodeQueryAwareness,
  encodeSyncStep1,
  encodeSyncStep2,
  encodeSyncUpdate,
  encodeTokenRenewal,
  MessageType,
} from './messages.js';
import { ProtocolError, type ProtocolErrorKind } from './protocolError.js';

function docWithText(text: string): Y.Doc {
  const doc = new Y.Doc();
  doc.getText('title').insert(0, text);
  return doc;
}

function expectProtocolError(bytes: Uint8Array, kind: ProtocolErrorKind): ProtocolError {
  try {
    decodeMessage(bytes);
  } catch (error) {
    expect(error).toBeInstanceOf(ProtocolError);
    expect((error as ProtocolError).kind).toBe(kind);
    return error as ProtocolError;
  }
  throw new Error(`expected a ProtocolError of kind ${kind}`);
}

/** What y-protocols itself writes, so our encoders are byte-compatible with stock clients. */
function yProtocols(write: (e: encoding.Encoder) => void): Uint8Array {
  return encoding.encode(write);
}

describe('encoders match y-protocols byte for byte', () => {
  const doc = docWithText('hello');
  const update = Y.encodeStateAsUpdate(doc);
  const sv = Y.encodeStateVector(doc);

  it('sync step 1, step 2 and update', () => {
    expect(encodeSyncStep1(sv)).toEqual(
      yProtocols((e) => {
        encoding.writeVarUint(e, 0);
        syncProtocol.writeSyncStep1(e, doc);
      }),
    );
    expect(encodeSyncStep2(update)).toEqual(
      yProtocols((e) => {
        encoding.writeVarUint(e, 0);
        syncProtocol.writeSyncStep2(e, doc);
      }),
    );
    expect(encodeSyncUpdate(update)).toEqual(
      yProtocols((e) => {
        encoding.writeVarUint(e, 0);
        syncProtocol.writeUpdate(e, update);
      }),
    );
  });

  it('awareness and query awareness', () => {
    const awareness = new awarenessProtocol.Awareness(doc);
    awareness.setLocalState({ user: { name: 'Ada' } });
    const payload = awarenessProtocol.encodeAwarenessUpdate(awareness, [doc.clientID]);
    expect(encodeAwareness(payload)).toEqual(
      yProtocols((e) => {
        encoding.writeVarUint(e, 1);
        encoding.writeVarUint8Array(e, payload);
      }),
    );
    expect(encodeQueryAwareness()).toEqual(Uint8Array.of(3));
    awareness.destroy();
  });
});

describe('decodeMessage', () => {
  const doc = docWithText('round trip');
  const update = Y.encodeStateAsUpdate(doc);

  it('round-trips every message type', () => {
    const sv = Y.encodeStateVector(doc);
    expect(decodeMessage(encodeSyncStep1(sv))).toEqual({ kind: 'syncStep1', stateVector: sv });
    expect(decodeMessage(encodeSyncStep2(update))).toEqual({ kind: 'syncStep2', update });
    expect(decodeMessage(encodeSyncUpdate(update))).toEqual({ kind: 'syncUpdate', update });
    const awareness = new awarenessProtocol.Awareness(doc);
    const payload = awarenessProtocol.encodeAwarenessUpdate(awareness, [doc.clientID]);
    expect(decodeMessage(encodeAwareness(payload))).toEqual({ kind: 'awareness', update: payload });
    awareness.destroy();
    expect(decodeMessage(encodeQueryAwareness())).toEqual({ kind: 'queryAwareness' });
    expect(decodeMessage(encodeAuthPermissionDenied('nope'))).toEqual({
      kind: 'authPermissionDenied',
      reason: 'nope',
    });
    expect(decodeMessage(encodeAck(0))).toEqual({ kind: 'ack', count: 0 });
    expect(decodeMessage(encodeAck(300_000))).toEqual({ kind: 'ack', count: 300_000 });
  });

  it('ack is type 100 followed by one varUint', () => {
    expect(MessageType.Ack).toBe(100);
    expect(encodeAck(5)).toEqual(Uint8Array.of(100, 5));
    expect(encodeAck(128)).toEqual(Uint8Array.of(100, 0x80, 0x01));
  });

  it('token renewal is type 101 followed by the token as a varString', () => {
    expect(MessageType.TokenRenewal).toBe(101);
    expect(encodeTokenRenewal('ab')).toEqual(Uint8Array.of(101, 2, 97, 98));
    const token = `eyJ${'x'.repeat(300)}.payload.sig`;
    expect(decodeMessage(encodeTokenRenewal(token))).toEqual({ kind: 'tokenRenewal', token });
    expectProtocolError(encodeTokenRenewal('abc').subarray(0, 3), 'truncated');
  });

  it('rejects an empty frame', () => {
    expectProtocolError(new Uint8Array(0), 'empty-message');
  });

  it('rejects truncated varints anywhere', () => {
    expectProtocolError(Uint8Array.of(0x80), 'truncated');
    expectProtocolError(Uint8Array.of(0, 0x81), 'truncated');
    expectProtocolError(Uint8Array.of(100, 0xff), 'truncated');
    const full = encodeSyncUpdate(update);
    expectProtocolError(full.subarray(0, full.length - 1), 'truncated');
  });

  it('rejects varints beyond 2^53', () => {
    const huge = Uint8Array.of(100, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x7f);
    expectProtocolError(huge, 'varint-overflow');
  });

  it('rejects unknown message, sync and auth types', () => {
    expect(expectProtocolError(Uint8Array.of(7), 'unknown-type').message).toMatch(/unknown message type 7/);
    expectProtocolError(Uint8Array.of(0, 9, 0), 'unknown-type');
    expectProtocolError(Uint8Array.of(2, 4, 0), 'unknown-type');
  });

  it('rejects trailing bytes after every message type', () => {
    const extra = (bytes: Uint8Array) => Uint8Array.of(...bytes, 0);
    expectProtocolError(extra(encodeSyncUpdate(update)), 'trailing-bytes');
    expectProtocolError(extra(encodeSyncStep1(Y.encodeStateVector(doc))), 'trailing-bytes');
    expectProtocolError(extra(encodeQueryAwareness()), 'trailing-bytes');
    expectProtocolError(extra(encodeAck(3)), 'trailing-bytes');
    expectProtocolError(extra(encodeAwareness(Uint8Array.of(0))), 'trailing-bytes');
    expectProtocolError(extra(encodeAuthPermissionDenied('x')), 'trailing-bytes');
    expectProtocolError(extra(encodeTokenRenewal('t')), 'trailing-bytes');
  });

  it('rejects an undecodable Yjs update in step 2 and update messages', () => {
    const garbage = Uint8Array.of(1, 1, 200, 3, 0xff, 0xff);
    expectProtocolError(encodeSyncUpdate(garbage), 'invalid-update');
    expectProtocolError(encodeSyncStep2(garbage), 'invalid-update');
    expect(decodeMessage(encodeSyncUpdate(garbage), { validatePayloads: false })).toEqual({
      kind: 'syncUpdate',
      update: garbage,
    });
  });

  it('rejects a broken state vector or awareness payload', () => {
    expectProtocolError(encodeSyncStep1(Uint8Array.of(2, 1)), 'truncated');
    expectProtocolError(encodeSyncStep1(Uint8Array.of(0, 5)), 'invalid-state-vector');
    const notJson = encoding.encode((e) => {
      encoding.writeVarUint(e, 1);
      encoding.writeVarUint(e, 42);
      encoding.writeVarUint(e, 1);
      encoding.writeVarString(e, '{oops');
    });
    expectProtocolError(encodeAwareness(notJson), 'invalid-awareness');
  });

  it('accepts an empty Yjs update (what a synced client sends as step 2)', () => {
    const empty = Y.encodeStateAsUpdate(new Y.Doc());
    expect(decodeMessage(encodeSyncStep2(empty))).toEqual({ kind: 'syncStep2', update: empty });
  });
});
