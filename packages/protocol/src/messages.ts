/**
 * The Tandem wire protocol: y-websocket's messages plus one opt-in extension.
 *
 * Every WebSocket frame is one binary message. `varUint` is lib0's variable-length unsigned
 * integer (7 bits per byte, high bit = "more bytes follow"); `varBytes` is a varUint length
 * followed by that many bytes; `varString` is varBytes of UTF-8.
 *
 *   Sync (0)           [0: varUint] [syncType: varUint] [payload: varBytes]
 *     step 1 (0)         payload = Yjs state vector of the sender
 *                        -> the receiver answers with step 2: what the sender is missing
 *     step 2 (1)         payload = Yjs update (v1) = everything the step-1 sender lacked
 *     update (2)         payload = Yjs update (v1) from a local edit
 *   Awareness (1)      [1: varUint] [update: varBytes]
 *                        update = [count: varUint] then per client
 *                                 [clientID: varUint] [clock: varUint] [state: varString (JSON, `null` = gone)]
 *   Auth (2)           [2: varUint] [authType: varUint] ...
 *     permission denied (0)  [reason: varString]   (server -> client)
 *   QueryAwareness (3) [3: varUint]                 -> the receiver answers with all awareness states it knows
 *   Ack (100)          [100: varUint] [count: varUint]            (server -> client, Tandem only)
 *                        count = cumulative number of update-bearing messages (sync step 2 and sync
 *                        update) received on THIS connection whose effect is now durable in storage
 *                        (stored, or a no-op that needed no storage). Sent only to connections that
 *                        opened with the query parameter `ack=1`, after each durable append (several
 *                        may be coalesced into one ack with the highest count). Stock y-websocket
 *                        clients never ask for it and never receive it.
 *   TokenRenewal (101) [101: varUint] [token: varString]           (client -> server, Tandem only)
 *                        a fresh token for THIS open connection, so it outlives the token it opened
 *                        with. The server checks it like the one of the upgrade (signature, expiry,
 *                        lifetime, the `docs` claim for this document, the same `sub`, revocations),
 *                        then extends the connection to the new expiry and applies the access it
 *                        grants: write -> read sends the read-only notice (Auth / permission denied
 *                        "read-only"), no access closes with 4403, a token that fails the check
 *                        with 4401; access is never widened in place (that takes a reconnect).
 *                        Nothing is sent back on success. Stock y-websocket clients never send it.
 *
 * Client-server handshake (y-websocket): on open, each side sends sync step 1; each answers the
 * other's step 1 with step 2 (the client counts as synced after the server's step 2). The client
 * then also sends its awareness state. After that, edits travel as sync updates.
 *
 * Nothing in a frame names the document: the document name is the WebSocket URL path.
 */
import * as encoding from 'lib0/encoding';

/** Top-level message types (first varUint of every frame). */
export const MessageType = {
  Sync: 0,
  Awareness: 1,
  Auth: 2,
  QueryAwareness: 3,
  Ack: 100,
  TokenRenewal: 101,
} as const;
export type MessageType = (typeof MessageType)[keyof typeof MessageType];

/** Second varUint of a Sync message (y-protocols `sync.js`). */
export const SyncMessageType = {
  Step1: 0,
  Step2: 1,
  Update: 2,
} as const;
export type SyncMessageType = (typeof SyncMessageType)[keyof typeof SyncMessageType];

/** Second varUint of an Auth message (y-protocols `auth.js`). */
export const AuthMessageType = {
  PermissionDenied: 0,
} as const;
export type AuthMessageType = (typeof AuthMessageType)[keyof typeof AuthMessageType];

/** Sync step 1: "here is my state vector, send me what I lack". */
export const encodeSyncStep1 = (stateVector: Uint8Array): Uint8Array =>
  encoding.encode((e) => {
    encoding.writeVarUint(e, MessageType.Sync);
    encoding.writeVarUint(e, SyncMessageType.Step1);
    encoding.writeVarUint8Array(e, stateVector);
  });

/** Sync step 2: the answer to a step 1, a Yjs update with everything the asker lacked. */
export const encodeSyncStep2 = (update: Uint8Array): Uint8Array =>
  encoding.encode((e) => {
    encoding.writeVarUint(e, MessageType.Sync);
    encoding.writeVarUint(e, SyncMessageType.Step2);
    encoding.writeVarUint8Array(e, update);
  });

/** Sync update: an incremental Yjs update. */
export const encodeSyncUpdate = (update: Uint8Array): Uint8Array =>
  encoding.encode((e) => {
    encoding.writeVarUint(e, MessageType.Sync);
    encoding.writeVarUint(e, SyncMessageType.Update);
    encoding.writeVarUint8Array(e, update);
  });

/** Awareness: an encoded awareness update (y-protocols `encodeAwarenessUpdate`). */
export const encodeAwareness = (awarenessUpdate: Uint8Array): Uint8Array =>
  encoding.encode((e) => {
    encoding.writeVarUint(e, MessageType.Awareness);
    encoding.writeVarUint8Array(e, awarenessUpdate);
  });

/** Query awareness: "send me every awareness state you know". */
export const encodeQueryAwareness = (): Uint8Array => encoding.encode((e) => encoding.writeVarUint(e, MessageType.QueryAwareness));

/** Auth / permission denied, with a human-readable reason (y-websocket logs it). */
export const encodeAuthPermissionDenied = (reason: string): Uint8Array =>
  encoding.encode((e) => {
    encoding.writeVarUint(e, MessageType.Auth);
    encoding.writeVarUint(e, AuthMessageType.PermissionDenied);
    encoding.writeVarString(e, reason);
  });

/** Durable ack (Tandem): `count` update-bearing messages of this connection are now stored. */
export const encodeAck = (count: number): Uint8Array =>
  encoding.encode((e) => {
    encoding.writeVarUint(e, MessageType.Ack);
    encoding.writeVarUint(e, count);
  });

/** Token renewal (Tandem): a fresh token for this open connection. A credential: never log the frame. */
export const encodeTokenRenewal = (token: string): Uint8Array =>
  encoding.encode((e) => {
    encoding.writeVarUint(e, MessageType.TokenRenewal);
    encoding.writeVarString(e, token);
  });
