import {
  CloseCode,
  type CloseCodeValue,
  type DecodedMessage,
  decodeMessage,
  encodeAuthPermissionDenied,
  ProtocolError,
} from '@tandem/protocol';
import type { WebSocket } from 'ws';
import { FrameGate } from '../limits/frameGate.js';
import type { Logger } from '../logger.js';
import type { ServerMetrics } from '../metrics/index.js';
import type { ConnectionHooks } from '../upgrade.js';
import type { ConnectionOptions } from './connectionOptions.js';
import { DurableAcks } from './durableAcks.js';
import { FrameQueue } from './frameQueue.js';
import { ReadBatch } from './readBatch.js';
import type { Room, RoomPeer } from './room.js';

type State = 'loading' | 'open' | 'closing' | 'closed';

/**
 * One WebSocket client. Frames are handled one at a time, in arrival order (the listener is attached
 * before any await): at once when nothing waits before it, else queued behind what waits (the room's
 * load, a sync step 1 reply waiting for storage, a client over its budget: `FrameGate`). The updates
 * of one socket read go to the room together: one transaction, one stored batch, one relay.
 */
export class Connection implements RoomPeer {
  readonly id: string;
  readonly docName: string;
  readonly wantsAck: boolean;
  readonly author: string | null;
  readonly awarenessClients = new Set<number>();
  readonly logger: Logger;
  /** Heartbeat: set on every pong or frame, cleared on each heartbeat tick. */
  alive = true;
  /** Heartbeat: ticks since an unanswered ping, -1 when none is outstanding. */
  unansweredTicks = -1;
  private readonly socket: WebSocket;
  private readonly onClosed: (connection: Connection) => void;
  private readonly onTokenRenewal: ConnectionOptions['onTokenRenewal'];
  private readonly hooks: ConnectionHooks;
  private writable: boolean;
  readonly gate: FrameGate;
  private state: State = 'loading';
  private room: Room | null = null;
  /** Frames in arrival order, behind the room's load and async replies. */
  private readonly frames = new FrameQueue();
  private reading = true;
  private readonly metrics: ServerMetrics;
  private readonly acks: DurableAcks | null;
  private readonly readBatch = new ReadBatch((updates) => this.toRoom(updates));

  constructor(options: ConnectionOptions) {
    this.id = options.id;
    this.socket = options.socket;
    this.docName = options.docName;
    this.wantsAck = options.wantsAck;
    this.writable = !options.readOnly;
    this.author = options.author;
    this.logger = options.logger;
    this.onClosed = options.onClosed;
    this.onTokenRenewal = options.onTokenRenewal;
    this.hooks = options.hooks ?? {};
    this.metrics = options.metrics;
    this.gate = new FrameGate({ socket: this.socket, admitFrame: this.hooks.admitFrame, logger: this.logger, metrics: this.metrics });
    this.acks = options.wantsAck
      ? new DurableAcks({ send: (message) => this.send(message), observe: (seconds) => this.metrics.observeAck(seconds) })
      : null;
    this.frames.wait(
      options.room.then(
        (loaded) => this.join(loaded),
        (error: unknown) => {
          this.metrics.error('store_load');
          this.logger.error({ err: error }, 'loading the document failed, closing');
          this.close(CloseCode.StorageUnavailable);
        },
      ),
    );
    this.socket.binaryType = 'nodebuffer';
    this.socket.on('message', (data: Buffer) => {
      this.alive = true;
      this.metrics.received.count(data);
      if (!this.reading) return;
      const admission = this.gate.admit(data.byteLength);
      if (admission !== null && !(admission instanceof Promise)) {
        this.reading = false;
        this.close(admission);
        return;
      }
      const bytes = new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
      this.frames.run(admission, () => this.handle(bytes));
    });
    this.socket.on('pong', () => {
      this.alive = true;
    });
    this.socket.on('error', (error: Error & { code?: string }) => {
      // ws closes the socket itself after an error (1009 for an oversized frame, 1002 for a bad frame).
      const tooBig = error.code === 'WS_ERR_UNSUPPORTED_MESSAGE_LENGTH';
      this.logger.warn({ err: error, code: error.code }, tooBig ? 'frame over the size limit, closing' : 'socket error');
    });
    this.socket.on('close', (code: number, reason: Buffer) => this.closed(code, reason.toString()));
  }

  private join(room: Room): void {
    if (this.state !== 'loading') return;
    this.room = room;
    this.state = 'open';
    try {
      // Before any sync message: the standard y-protocols "permission denied" tells the client it
      // is read-only (stock providers log it and keep syncing; Tandem's editor turns read-only).
      if (this.readOnly) this.send(encodeAuthPermissionDenied('read-only'));
      room.join(this);
    } catch (error) {
      // The queue must never reject (later frames and shutdown wait on it).
      this.metrics.error('internal');
      this.logger.error({ err: error }, 'joining the room failed, closing');
      this.close(CloseCode.InternalError);
    }
  }

  /** Its document changes are dropped (a read grant, or access downgraded while open). */
  get readOnly(): boolean {
    return !this.writable;
  }

  /**
   * From now on, drops this connection's document changes, and tells it with the read-only notice
   * (its access was downgraded while open). Never undone: more access takes a new connection.
   */
  restrictToRead(): void {
    if (!this.writable) return;
    this.writable = false;
    // Before it joined, `join` sends the notice.
    if (this.state === 'open') this.send(encodeAuthPermissionDenied('read-only'));
  }

  send(message: Uint8Array): void {
    if (this.socket.readyState !== this.socket.OPEN) return;
    this.socket.send(message);
    this.metrics.sent.count(message);
  }

  /** The room could not apply an update we queued: a malformed frame, answered like one. */
  rejectUpdate(error: unknown): void {
    if (this.state !== 'open') return;
    this.metrics.error('protocol');
    this.logger.warn({ err: error }, 'Yjs rejected an update, closing this connection');
    this.close(CloseCode.ProtocolError);
  }

  /** Closes with a named code; the socket's close event then removes the connection. */
  close(closeCode: CloseCodeValue): void {
    if (this.state === 'closing' || this.state === 'closed') return;
    this.state = 'closing';
    this.gate.release();
    this.socket.close(closeCode.code, closeCode.reason);
  }

  ping(): void {
    if (this.socket.readyState === this.socket.OPEN) this.socket.ping();
  }

  /** Drops a connection that stopped answering (no close handshake: the peer is gone). */
  terminate(reason: string): void {
    this.logger.info({ reason }, 'terminating connection');
    this.state = 'closing';
    this.socket.terminate();
  }

  /** Stops reading new frames (shutdown); resolves when the frames already queued are handled, slowed ones at once. */
  drain(): Promise<void> {
    this.reading = false;
    this.gate.release();
    return this.frames.settled();
  }

  /**
   * Handles one frame: synchronously, or with a promise when something is left to wait for (a
   * sync step 1 reply). Never throws, and the promise never rejects: the queue must keep going
   * (or the connection is closed).
   */
  private handle(bytes: Uint8Array): Promise<void> | undefined {
    const room = this.room;
    if (this.state !== 'open' || room === null || room.isDestroyed) return undefined;
    try {
      return this.dispatch(room, decodeMessage(bytes))?.catch((error: unknown) => this.handleFailed(error, bytes));
    } catch (error) {
      this.handleFailed(error, bytes);
      return undefined;
    }
  }

  private handleFailed(error: unknown, bytes: Uint8Array): void {
    // Not open any more: the room failed a write (it closed us) or we are shutting down.
    if (this.state !== 'open') return;
    if (error instanceof ProtocolError) {
      this.metrics.error('protocol');
      this.logger.warn({ err: error, kind: error.kind, frameBytes: bytes.length }, 'malformed frame, closing this connection');
      this.close(CloseCode.ProtocolError);
      return;
    }
    this.metrics.error('internal');
    this.logger.error({ err: error, frameBytes: bytes.length }, 'unexpected error while handling a frame, closing');
    this.close(CloseCode.InternalError);
  }

  /** One case per message kind; the compiler checks that none is missing. A promise if a reply waits. */
  private dispatch(room: Room, message: DecodedMessage): Promise<void> | undefined {
    switch (message.kind) {
      case 'syncStep1': {
        // Computed now (after this read's earlier updates), sent once everything it contains is
        // stored ("relayed implies stored").
        this.readBatch.flush();
        const replies = room.syncStep2For(message.stateVector);
        return room.whenDurable().then(() => {
          for (const reply of replies) this.send(reply);
        });
      }
      case 'syncStep2':
      case 'syncUpdate':
        this.receiveUpdate(room, message.update);
        return;
      case 'awareness': {
        const refusal = this.hooks.admitAwareness?.(room, message.update) ?? null;
        if (refusal !== null) {
          this.refuse(refusal, 'awareness update', message.update.length);
          return;
        }
        const unheld = room.awareness.withoutRemotelyHeld(message.update);
        const owned = unheld !== null && this.hooks.ownAwareness ? this.hooks.ownAwareness(room, unheld) : unheld;
        if (owned !== null) room.awareness.apply(this, owned);
        return;
      }
      case 'queryAwareness': {
        const states = room.awareness.message();
        if (states !== null) this.send(states);
        return;
      }
      case 'tokenRenewal':
        // Later frames wait for it: what follows a downgrade is judged read-only.
        return this.onTokenRenewal?.(this, message.token);
      case 'authPermissionDenied':
      case 'ack':
        throw new ProtocolError('unknown-type', `unexpected server-to-client message "${message.kind}" from a client`);
      default:
        throw new Error(`unhandled message ${JSON.stringify(message satisfies never)}`);
    }
  }

  private receiveUpdate(room: Room, update: Uint8Array): void {
    if (this.readOnly) {
      this.logger.debug({ bytes: update.length }, 'dropping an update from a read-only connection');
      return;
    }
    try {
      // Inside the try: a malformed update may throw here too (answered as a protocol error).
      const refusal = this.hooks.admitUpdate?.(room, update) ?? null;
      if (refusal !== null) {
        this.refuse(refusal, 'update', update.length);
        return;
      }
    } catch (error) {
      throw new ProtocolError('invalid-update', `Yjs rejected the update: ${(error as Error).message}`, { cause: error });
    }
    this.readBatch.add(update);
  }

  /** The updates of one read to the room (one transaction, one stored batch, one relay); acks wait for their append. */
  private toRoom(updates: readonly Uint8Array[]): void {
    if (this.state !== 'open' || this.room === null) return;
    const durable = this.room.receiveUpdates(this, updates);
    if (this.acks !== null) for (let i = 0; i < updates.length; i++) this.acks.track(durable);
  }

  /** A limit refused a message: nothing of it was applied; log it and close with the limit's code. */
  private refuse(closeCode: CloseCodeValue, what: string, bytes: number): void {
    this.logger.warn({ bytes, code: closeCode.code }, `${what} refused: ${closeCode.reason}`);
    this.close(closeCode);
  }

  private closed(code: number, reason: string): void {
    if (this.state === 'closed') return;
    this.state = 'closed';
    this.metrics.connectionClosed(code);
    this.logger.info({ code, reason }, 'connection closed');
    this.room?.leave(this);
    this.hooks.onClose?.();
    this.onClosed(this);
  }
}
