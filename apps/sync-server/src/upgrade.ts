import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { type CloseCodeValue, validateDocName } from '@tandem/protocol';
import type * as Y from 'yjs';
import type { ConnectionGrant } from './access/accessEnforcer.js';
import type { Logger } from './logger.js';

/** Where a WebSocket upgrade wants to go: the doc (URL path, decoded) and the query parameters. */
export interface UpgradeTarget {
  docName: string;
  params: URLSearchParams;
}

export interface UpgradeRequest extends UpgradeTarget {
  req: IncomingMessage;
}

/** What a hook sees of the loaded document. */
export interface RoomView {
  readonly name: string;
  readonly doc: Y.Doc;
  /** Byte length of the update the doc was loaded from (0 for a new doc). */
  readonly loadedBytes: number;
}

/**
 * A frame admitted over its connection's budget: it is handled, and the connection's socket is not
 * read for `slowDownMs` (flow control). `first`: the connection was within its budget before it.
 */
export interface SlowDown {
  slowDownMs: number;
  first: boolean;
}

/** Per-connection callbacks a guard can attach (rate limits, connection counting, size limits). */
export interface ConnectionHooks {
  /**
   * Every frame as it arrives, before it is queued: null admits it, a `SlowDown` admits it and
   * pauses reading, a close code refuses it and closes the connection.
   */
  admitFrame?: (byteLength: number) => CloseCodeValue | SlowDown | null;
  /**
   * A document update (sync step 2 or update) from a writer, before it is applied: a close code
   * refuses it (nothing applied, stored or relayed) and closes the connection. May throw on a
   * malformed update (answered as a protocol error).
   */
  admitUpdate?: (room: RoomView, update: Uint8Array) => CloseCodeValue | null;
  /** An awareness update, before it is applied: a close code refuses it and closes the connection. */
  admitAwareness?: (room: RoomView, update: Uint8Array) => CloseCodeValue | null;
  /**
   * An admitted awareness update, restricted to the entries this connection may set (the client
   * ids it owns); null when none is left. Dropped entries are not an error (nothing is closed).
   */
  ownAwareness?: (room: RoomView, update: Uint8Array) => Uint8Array | null;
  /** Once, when the connection is gone (or never opened: a later guard refused, the handshake failed). */
  onClose?: () => void;
}

/**
 * A guard's answer: let the connection in (optionally read-only, with hooks), or refuse it with an
 * HTTP status. `closeWith` completes the handshake and closes at once with that code, without
 * loading the doc (a limit the client should see as a named close code, e.g. "retry later").
 * `log` fields are added to every log line of the connection (client address, user).
 */
export type UpgradeDecision =
  | {
      accept: true;
      readOnly?: boolean;
      /** Who writes through this connection (the token's `sub`): stored with its batches. The first guard's that names one wins. */
      author?: string;
      /** The token it opened with (user, id, expiry): the connection is closed when it expires, unless renewed. The first guard's wins. */
      grant?: ConnectionGrant;
      hooks?: ConnectionHooks;
      closeWith?: CloseCodeValue;
      log?: Record<string, unknown>;
    }
  | { accept: false; status: number; message: string; headers?: Record<string, string> };

/**
 * Runs before the WebSocket handshake, after the doc name was validated and before anything is
 * loaded. Guards run in order; the first refusal wins; `readOnly` from any guard sticks.
 */
export type UpgradeGuard = (request: UpgradeRequest) => UpgradeDecision | Promise<UpgradeDecision>;

/** Thrown by `parseUpgradeTarget`; answered with this HTTP status. */
export class UpgradeRejection extends Error {
  readonly status: number;
  constructor(status: number, message: string) {
    super(message);
    this.status = status;
  }
}

/**
 * The error listener of an upgrading socket. Made outside `handleUpgrade`, so the listener (which
 * stays on the socket for its lifetime) does not keep the upgrade request, its headers and `head`
 * alive through the closure's context.
 */
export function logUpgradeError(logger: Logger): (error: Error) => void {
  return (error) => logger.debug({ err: error }, 'socket error during upgrade');
}

/**
 * Doc name = the request's raw path without the leading `/`, URL-decoded and validated, never
 * normalised first: `/a/../b` (or `/a/%2e%2e/b`) is refused with 400, not read as `b`. Query
 * parameters are kept.
 */
export function parseUpgradeTarget(rawUrl: string | undefined): UpgradeTarget {
  const raw = rawUrl ?? '/';
  const queryAt = raw.search(/[?#]/);
  const path = queryAt === -1 ? raw : raw.slice(0, queryAt);
  if (!path.startsWith('/')) throw new UpgradeRejection(400, 'invalid document name: the request path must start with "/"');
  let docName: string;
  try {
    docName = decodeURIComponent(path.slice(1));
  } catch {
    throw new UpgradeRejection(400, 'invalid document name: malformed percent-encoding');
  }
  try {
    validateDocName(docName);
  } catch (error) {
    throw new UpgradeRejection(400, (error as Error).message);
  }
  return { docName, params: new URL(raw.slice(path.length), 'http://localhost/').searchParams };
}

const statusText: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  429: 'Too Many Requests',
  500: 'Internal Server Error',
  503: 'Service Unavailable',
};

/** Answers an upgrade request with a plain HTTP error (JSON body) and closes the socket. */
export function rejectUpgrade(socket: Duplex, status: number, message: string, headers: Record<string, string> = {}): void {
  if (socket.destroyed) return;
  const body = JSON.stringify({ error: message });
  const lines = [
    `HTTP/1.1 ${status} ${statusText[status] ?? 'Error'}`,
    'Content-Type: application/json; charset=utf-8',
    `Content-Length: ${Buffer.byteLength(body)}`,
    'Connection: close',
    ...Object.entries(headers).map(([name, value]) => `${name}: ${value}`),
  ];
  socket.end(`${lines.join('\r\n')}\r\n\r\n${body}`);
}

/**
 * Combines the hooks of several guards: every `admit*` must admit (the longest slow-down wins),
 * each `ownAwareness` filters in turn, every `onClose` runs.
 */
export function combineHooks(all: readonly ConnectionHooks[]): ConnectionHooks {
  const admitters = all.flatMap((hooks) => (hooks.admitFrame ? [hooks.admitFrame] : []));
  const updateAdmitters = all.flatMap((hooks) => (hooks.admitUpdate ? [hooks.admitUpdate] : []));
  const awarenessAdmitters = all.flatMap((hooks) => (hooks.admitAwareness ? [hooks.admitAwareness] : []));
  const awarenessOwners = all.flatMap((hooks) => (hooks.ownAwareness ? [hooks.ownAwareness] : []));
  const closers = all.flatMap((hooks) => (hooks.onClose ? [hooks.onClose] : []));
  let closed = false;
  const first = <A extends unknown[]>(checks: ((...args: A) => CloseCodeValue | null)[], ...args: A) => {
    for (const check of checks) {
      const refusal = check(...args);
      if (refusal !== null) return refusal;
    }
    return null;
  };
  return {
    admitFrame: (byteLength) => {
      let slowest: SlowDown | null = null;
      for (const admit of admitters) {
        const verdict = admit(byteLength);
        if (verdict === null) continue;
        if (!('slowDownMs' in verdict)) return verdict;
        if (slowest === null) slowest = verdict;
        else slowest = { slowDownMs: Math.max(slowest.slowDownMs, verdict.slowDownMs), first: slowest.first || verdict.first };
      }
      return slowest;
    },
    admitUpdate: (room, update) => first(updateAdmitters, room, update),
    admitAwareness: (room, update) => first(awarenessAdmitters, room, update),
    ownAwareness: (room, update) => {
      let owned: Uint8Array | null = update;
      for (const own of awarenessOwners) owned = owned === null ? null : own(room, owned);
      return owned;
    },
    onClose: () => {
      if (closed) return;
      closed = true;
      for (const close of closers) close();
    },
  };
}

/**
 * Runs the guards in order; the first refusal wins (the `onClose` hooks of the guards that had
 * accepted run at once). A guard that throws counts as a refusal and the error propagates.
 */
export async function runGuards(guards: readonly UpgradeGuard[], request: UpgradeRequest): Promise<UpgradeDecision> {
  let readOnly = false;
  let author: string | undefined;
  let grant: ConnectionGrant | undefined;
  let closeWith: CloseCodeValue | undefined;
  let log: Record<string, unknown> = {};
  const accepted: ConnectionHooks[] = [];
  for (const guard of guards) {
    let decision: UpgradeDecision;
    try {
      decision = await guard(request);
    } catch (error) {
      combineHooks(accepted).onClose?.();
      throw error;
    }
    if (!decision.accept) {
      combineHooks(accepted).onClose?.();
      return decision;
    }
    readOnly ||= decision.readOnly === true;
    author ??= decision.author;
    grant ??= decision.grant;
    closeWith ??= decision.closeWith;
    log = { ...log, ...decision.log };
    if (decision.hooks) accepted.push(decision.hooks);
  }
  return {
    accept: true,
    readOnly,
    hooks: combineHooks(accepted),
    log,
    ...(author === undefined ? {} : { author }),
    ...(grant === undefined ? {} : { grant }),
    ...(closeWith === undefined ? {} : { closeWith }),
  };
}
