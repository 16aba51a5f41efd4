import type { WebSocket } from 'ws';
import type { Logger } from '../logger.js';
import type { ServerMetrics } from '../metrics/index.js';
import type { ConnectionHooks } from '../upgrade.js';
import type { Connection } from './connection.js';
import type { Room } from './room.js';

/** What a `Connection` is made with (by `acceptUpgrades`, once the upgrade guards let the socket in). */
export interface ConnectionOptions {
  id: string;
  socket: WebSocket;
  docName: string;
  /** The client opened with `ack=1`: send durable acks (message type 100). */
  wantsAck: boolean;
  /** Updates from this connection are dropped (set by an upgrade guard; a writer can be made read-only later). */
  readOnly: boolean;
  /** Who writes through this connection (the token's `sub`), stored with its batches; null without auth. */
  author: string | null;
  /** Callbacks from the upgrade guards (frame admission, cleanup). */
  hooks?: ConnectionHooks;
  metrics: ServerMetrics;
  logger: Logger;
  /** The room being loaded for `docName`; frames wait in the queue until it is ready. */
  room: Promise<Room>;
  /** Called once, after the socket closed and the connection left its room. */
  onClosed: (connection: Connection) => void;
  /**
   * A fresh token sent on this connection (token renewal): checked and applied before the frames
   * after it are handled. Without it, renewals are ignored.
   */
  onTokenRenewal?: (connection: Connection, token: string) => Promise<void>;
}
