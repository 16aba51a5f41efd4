import * as decoding from 'lib0/decoding';
import * as Y from 'yjs';
import { AuthMessageType, MessageType, SyncMessageType } from './messages.js';
import { ProtocolError } from './protocolError.js';

/** A decoded frame (layouts in `messages.ts`). Switch on `kind`; the union is closed. */
export type DecodedMessage =
  | { kind: 'syncStep1'; stateVector: Uint8Array }
  | { kind: 'syncStep2'; update: Uint8Array }
  | { kind: 'syncUpdate'; update: Uint8Array }
  | { kind: 'awareness'; update: Uint8Array }
  | { kind: 'queryAwareness' }
  | { kind: 'authPermissionDenied'; reason: string }
  | { kind: 'ack'; count: number }
  | { kind: 'tokenRenewal'; token: string };

export type DecodedMessageKind = DecodedMessage['kind'];

export interface DecodeOptions {
  /**
   * Parse Yjs updates, state vectors and awareness payloads fully, so a broken payload throws here
   * instead of later inside Yjs (default true). Set false where the payload is not used.
   */
  validatePayloads?: boolean;
}

/** lib0 throws plain Errors; turn them into ProtocolErrors that say what broke. */
function wrapLib0<T>(what: string, read: () => T): T {
  try {
    return read();
  } catch (error) {
    if (error instanceof ProtocolError) throw error;
    const message = error instanceof Error ? error.message : String(error);
    if (message === 'Integer out of Range') {
      throw new ProtocolError('varint-overflow', `${what}: varint larger than 2^53`, { cause: error });
    }
    throw new ProtocolError('truncated', `${what}: message ends early`, { cause: error });
  }
}

function expectEnd(decoder: decoding.Decoder, what: string): void {
  const rest = decoder.arr.length - decoder.pos;
  if (rest !== 0) throw new ProtocolError('trailing-bytes', `${what}: ${rest} unexpected trailing byte(s)`);
}

function checkUpdate(update: Uint8Array, what: string): void {
  try {
    Y.decodeUpdate(update);
  } catch (error) {
    throw new ProtocolError('invalid-update', `${what}: undecodable Yjs update (${update.length} bytes)`, {
      cause: error,
    });
  }
}

function checkStateVector(stateVector: Uint8Array): void {
  const d = decoding.createDecoder(stateVector);
  wrapLib0('state vector', () => {
    const clients = decoding.readVarUint(d);
    for (let i = 0; i < clients; i++) {
      decoding.readVarUint(d);
      decoding.readVarUint(d);
    }
  });
  if (d.pos !== stateVector.length) {
    throw new ProtocolError('invalid-state-vector', 'state vector: unexpected trailing byte(s)');
  }
}

function checkAwareness(update: Uint8Array): void {
  const d = decoding.createDecoder(update);
  wrapLib0('awareness update', () => {
    const clients = decoding.readVarUint(d);
    for (let i = 0; i < clients; i++) {
      decoding.readVarUint(d);
      decoding.readVarUint(d);
      const json = decoding.readVarString(d);
      try {
        JSON.parse(json);
      } catch (error) {
        throw new ProtocolError('invalid-awareness', 'awareness update: a state is not valid JSON', { cause: error });
      }
    }
  });
  if (d.pos !== update.length) {
    throw new ProtocolError('invalid-awareness', 'awareness update: unexpected trailing byte(s)');
  }
}

function decodeSync(d: decoding.Decoder, validate: boolean): DecodedMessage {
  const syncType = wrapLib0('sync message', () => decoding.readVarUint(d));
  const payload = wrapLib0('sync message', () => decoding.readVarUint8Array(d));
  expectEnd(d, 'sync message');
  switch (syncType) {
    case SyncMessageType.Step1:
      if (validate) checkStateVector(payload);
      return { kind: 'syncStep1', stateVector: payload };
    case SyncMessageType.Step2:
      if (validate) checkUpdate(payload, 'sync step 2');
      return { kind: 'syncStep2', update: payload };
    case SyncMessageType.Update:
      if (validate) checkUpdate(payload, 'sync update');
      return { kind: 'syncUpdate', update: payload };
    default:
      throw new ProtocolError('unknown-type', `sync message: unknown sync type ${syncType}`);
  }
}

function decodeAuth(d: decoding.Decoder): DecodedMessage {
  const authType = wrapLib0('auth message', () => decoding.readVarUint(d));
  if (authType !== AuthMessageType.PermissionDenied) {
    throw new ProtocolError('unknown-type', `auth message: unknown auth type ${authType}`);
  }
  const reason = wrapLib0('auth message', () => decoding.readVarString(d));
  expectEnd(d, 'auth message');
  return { kind: 'authPermissionDenied', reason };
}

/**
 * Decodes one frame into a tagged union. Throws a `ProtocolError` on an empty frame, a truncated
 * or oversized varint, an unknown (sub)type, trailing bytes, or (unless `validatePayloads: false`)
 * an undecodable Yjs update, state vector or awareness payload.
 */
export function decodeMessage(bytes: Uint8Array, options: DecodeOptions = {}): DecodedMessage {
  const validate = options.validatePayloads ?? true;
  if (bytes.length === 0) throw new ProtocolError('empty-message', 'empty message');
  const d = decoding.createDecoder(bytes);
  const type = wrapLib0('message type', () => decoding.readVarUint(d));
  switch (type) {
    case MessageType.Sync:
      return decodeSync(d, validate);
    case MessageType.Awareness: {
      const update = wrapLib0('awareness message', () => decoding.readVarUint8Array(d));
      expectEnd(d, 'awareness message');
      if (validate) checkAwareness(update);
      return { kind: 'awareness', update };
    }
    case MessageType.Auth:
      return decodeAuth(d);
    case MessageType.QueryAwareness:
      expectEnd(d, 'query-awareness message');
      return { kind: 'queryAwareness' };
    case MessageType.Ack: {
      const count = wrapLib0('ack message', () => decoding.readVarUint(d));
      expectEnd(d, 'ack message');
      return { kind: 'ack', count };
    }
    case MessageType.TokenRenewal: {
      const token = wrapLib0('token renewal message', () => decoding.readVarString(d));
      expectEnd(d, 'token renewal message');
      return { kind: 'tokenRenewal', token };
    }
    default:
      throw new ProtocolError('unknown-type', `unknown message type ${type}`);
  }
}
