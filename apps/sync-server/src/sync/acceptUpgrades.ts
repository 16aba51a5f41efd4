import { randomBytes } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { type WebSocket, WebSocketServer } from 'ws';
import type { AccessEnforcer } from '../access/accessEnforcer.js';
import type { Logger } from '../logger.js';
import type { ServerMetrics } from '../metrics/index.js';
import {
  type UpgradeGuard,
  logUpgradeError,
  parseUpgradeTarget,
  rejectUpgrade,
  runGuards,
  type UpgradeDecision,
  UpgradeRejection,
  type UpgradeTarget,
} from '../upgrade.js';
import { Connection } from './connection.js';
import type { RoomRegistry } from './roomRegistry.js';

export interface AcceptUpgradesOptions {
  registry: RoomRegistry;
  /** Run in order on every upgrade; the first refusal wins. May grow after creation. */
  guards: UpgradeGuard[];
  enforcer: AccessEnforcer;
  metrics: ServerMetrics;
  logger: Logger;
  maxMessageBytes: number;
  /** True once the server is shutting down: new upgrades are refused with 503. */
  isClosing: () => boolean;
}

export interface AcceptedUpgrades {
  /** The HTTP server's `upgrade` listener. */
  handleUpgrade: (req: IncomingMessage, socket: Duplex, head: Buffer) => void;
  /** Every open connection. */
  readonly connections: ReadonlySet<Connection>;
  close: () => void;
}

/**
 * The way into a room: parse the upgrade's target, run the guards, complete the WebSocket handshake
 * and open a `Connection` on a lease of the document's room (released when the connection closes).
 */
export function acceptUpgrades(options: AcceptUpgradesOptions): AcceptedUpgrades {
  const { registry, guards, enforcer, metrics, logger, isClosing } = options;
  const wss = new WebSocketServer({ noServer: true, maxPayload: options.maxMessageBytes, perMessageDeflate: false });
  const connections = new Set<Connection>();
  const connectionPrefix = randomBytes(3).toString('hex');
  let connectionCount = 0;

  const accept = (socket: WebSocket, target: UpgradeTarget, decision: UpgradeDecision & { accept: true }): void => {
    const readOnly = decision.readOnly === true;
    const id = `${connectionPrefix}-${++connectionCount}`;
    const lease = registry.acquire(target.docName);
    const connection = new Connection({
      id,
      socket,
      docName: target.docName,
      wantsAck: target.params.get('ack') === '1',
      readOnly,
      author: decision.author ?? null,
      hooks: decision.hooks,
      metrics,
      logger: logger.child({ doc: target.docName, conn: id, ...decision.log }),
      room: lease.room,
      onClosed: (closed) => {
        connections.delete(closed);
        enforcer.untrack(closed);
        lease.release();
      },
      onTokenRenewal: (renewing, token) => enforcer.renew(renewing, token),
    });
    connections.add(connection);
    if (decision.grant !== undefined) enforcer.track(connection, decision.grant);
    metrics.connectionOpened();
    connection.logger.info({ ack: connection.wantsAck, readOnly }, 'connection opened');
  };

  const upgrade = (req: IncomingMessage, socket: Duplex, head: Buffer, target: UpgradeTarget, decision: UpgradeDecision) => {
    if (!decision.accept) {
      logger.info({ doc: target.docName, status: decision.status, reason: decision.message }, 'upgrade refused');
      rejectUpgrade(socket, decision.status, decision.message, decision.headers);
      return;
    }
    if (isClosing() || socket.destroyed) {
      decision.hooks?.onClose?.();
      rejectUpgrade(socket, 503, 'server shutting down');
      return;
    }
    // If the handshake fails, ws destroys the socket without calling back: release the hooks then.
    const released = () => decision.hooks?.onClose?.();
    socket.once('close', released);
    wss.handleUpgrade(req, socket, head, (ws) => {
      socket.off('close', released);
      if (decision.closeWith !== undefined) {
        // A limit the client should see as a close code; nothing is loaded.
        ws.close(decision.closeWith.code, decision.closeWith.reason);
        released();
        return;
      }
      accept(ws, target, decision);
    });
  };

  const handleUpgrade = (req: IncomingMessage, socket: Duplex, head: Buffer): void => {
    socket.on('error', logUpgradeError(logger));
    if (isClosing()) {
      rejectUpgrade(socket, 503, 'server shutting down');
      return;
    }
    let target: UpgradeTarget;
    try {
      target = parseUpgradeTarget(req.url);
    } catch (error) {
      const status = error instanceof UpgradeRejection ? error.status : 400;
      // The path only: the query may carry a token.
      logger.info({ path: (req.url ?? '').split('?')[0], status, reason: (error as Error).message }, 'upgrade refused');
      rejectUpgrade(socket, status, (error as Error).message);
      return;
    }
    if (guards.length === 0) {
      upgrade(req, socket, head, target, { accept: true });
      return;
    }
    runGuards(guards, { ...target, req }).then(
      (decision) => upgrade(req, socket, head, target, decision),
      (error: unknown) => {
        logger.error({ err: error, doc: target.docName }, 'upgrade guard failed');
        rejectUpgrade(socket, 500, 'internal server error');
      },
    );
  };

  return { handleUpgrade, connections, close: () => wss.close() };
}
