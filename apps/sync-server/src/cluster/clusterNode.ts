import { randomBytes } from 'node:crypto';
import type { AppendedBatch, Room } from '../sync/room.js';
import type { RoomReplica } from '../sync/roomRegistry.js';
import { type ClusterMessage, decodeClusterMessage, encodeClusterMessage } from './clusterMessage.js';
import type { CatchUpReason } from './clusterMetrics.js';
import { type ClusterNodeOptions, type ClusterTiming, defaultClusterTiming, definedOnly } from './clusterNodeOptions.js';
import { NodeLiveness } from './nodeLiveness.js';
import { RedisBus } from './redisBus.js';
import { ReplicaDoc } from './replicaDoc.js';

export type { ClusterNodeOptions, ClusterTiming } from './clusterNodeOptions.js';

/**
 * This process as one node of a cluster: every node serves any document; PostgreSQL (the shared
 * store) orders and keeps every batch, Redis carries what was committed, presence and heartbeats.
 *
 * A batch goes out only after the store committed it (the room calls `appended` then), so nothing
 * reaches any client anywhere before it is stored. Each open document tracks the sequence numbers
 * it holds; a gap that stays open, a Redis reconnect, a node leaving or the periodic sweep make it
 * read what it misses from the store.
 */
export class ClusterNode implements RoomReplica {
  readonly nodeId: string;
  private readonly options: ClusterNodeOptions;
  private readonly timing: ClusterTiming;
  private readonly bus: RedisBus;
  private readonly docs = new Map<string, ReplicaDoc>();
  /** Messages for documents attached but still loading, applied once they are loaded. */
  private readonly early = new Map<string, ClusterMessage[]>();
  private readonly nodes: NodeLiveness;
  private readonly timers: NodeJS.Timeout[] = [];
  /** The last number stored per document since the last heartbeat that went out (which tells the other nodes). */
  private readonly storedSinceHeartbeat = new Map<string, number>();
  private closed = false;
  /** The key of listing cursors every node shares (from Redis at start; until then this node's own). */
  private cursorKey: Uint8Array = randomBytes(32);

  constructor(options: ClusterNodeOptions) {
    this.options = options;
    this.nodeId = options.nodeId;
    this.timing = { ...defaultClusterTiming, ...definedOnly(options) };
    this.nodes = new NodeLiveness(this.timing.nodeTimeoutMs);
    this.bus = new RedisBus({
      url: options.redisUrl,
      logger: options.logger,
      onMessage: (channel, bytes) => this.onMessage(channel, bytes),
      onReconnected: () => {
        // A Redis that restarted lost the key: the nodes agree again, on the first one put back.
        void this.agreeOnCursorKey();
        this.catchUpAll('redis_reconnect');
        options.onAccessChanged?.();
        for (const name of this.docs.keys()) this.publish(this.docChannel(name), { type: 'awareness-query', node: this.nodeId });
      },
      onDisconnected: () => options.metrics.redisDisconnected(),
    });
    void this.bus.subscribe(this.clusterChannel);
    this.timers.push(
      setInterval(() => this.heartbeat(), this.timing.heartbeatMs),
      setInterval(() => void this.sweep(), this.timing.sweepMs),
    );
    for (const timer of this.timers) timer.unref();
  }

  /** Waits for Redis at start (a node that cannot reach it is not started). */
  async start(timeoutMs = 10_000): Promise<void> {
    await this.bus.connected(timeoutMs);
    await this.agreeOnCursorKey();
    this.heartbeat();
  }

  private async agreeOnCursorKey(): Promise<void> {
    try {
      this.cursorKey = await this.bus.sharedSecret(`${this.options.prefix}:cursor-key`, this.cursorKey);
    } catch (error) {
      this.options.logger.warn({ err: error }, 'could not agree on the cursor key through Redis; retried at the next reconnect');
    }
  }

  /** The listing cursors' key, shared by every node (so a cursor from one node works on any other). */
  sharedCursorKey(): Uint8Array {
    return this.cursorKey;
  }

  /** Redis is reachable (for /readyz). */
  checkReady(): void {
    if (!this.bus.ready) throw new Error('Redis is not reachable');
  }

  /** Connections other nodes hold, per document. */
  remoteConnections(): Map<string, number> {
    return this.nodes.connections();
  }

  // RoomReplica: the registry attaches before a load and detaches after an unload.
  attach(name: string): Promise<void> {
    this.early.set(name, this.early.get(name) ?? []);
    return this.bus.subscribe(this.docChannel(name));
  }

  loaded(room: Room): void {
    const doc = new ReplicaDoc({
      room,
      store: this.options.store,
      logger: this.options.logger,
      gapWaitMs: this.timing.gapWaitMs,
      onCatchUp: (reason, batches) => this.options.metrics.catchUp(reason, batches),
    });
    this.docs.set(room.name, doc);
    const early = this.early.get(room.name) ?? [];
    this.early.delete(room.name);
    for (const message of early) this.dispatch(doc, message);
    this.publish(this.docChannel(room.name), { type: 'awareness-query', node: this.nodeId });
  }

  detach(name: string, room: Room | null): void {
    this.bus.unsubscribe(this.docChannel(name));
    const doc = this.docs.get(name);
    if (doc !== undefined && doc.room === room) {
      doc.close();
      this.docs.delete(name);
    }
    if (room === null || !this.docs.has(name)) this.early.delete(name);
  }

  // Room hooks: what this node stored, and its own connections' presence.
  appended(room: Room, batch: AppendedBatch): void {
    const doc = this.docs.get(room.name);
    if (doc?.room === room) doc.stored(batch.firstSeq, batch.seq);
    const updates = [...batch.updates];
    this.storedSinceHeartbeat.set(room.name, Math.max(batch.seq, this.storedSinceHeartbeat.get(room.name) ?? 0));
    this.publish(this.docChannel(room.name), {
      type: 'batch',
      node: this.nodeId,
      sentAt: Date.now(),
      firstSeq: batch.firstSeq,
      seq: batch.seq,
      updates,
    });
  }

  /** This node changed the revocations: the others read them again and apply them. */
  accessChanged(): void {
    this.publish(this.clusterChannel, { type: 'access-changed', node: this.nodeId });
  }

  /** This node deleted a document: the others close their connections to it. */
  deleted(name: string): void {
    this.publish(this.clusterChannel, { type: 'deleted', node: this.nodeId, name });
  }

  localAwareness(room: Room, update: Uint8Array): void {
    this.publish(this.docChannel(room.name), { type: 'awareness', node: this.nodeId, update });
  }

  /** Says goodbye (others drop this node's presence at once) and disconnects. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    for (const timer of this.timers) clearInterval(timer);
    this.publish(this.clusterChannel, { type: 'bye', node: this.nodeId });
    for (const doc of this.docs.values()) doc.close();
    this.docs.clear();
    await this.bus.close();
  }

  private get clusterChannel(): string {
    return `${this.options.prefix}:cluster`;
  }

  private docChannel(name: string): string {
    return `${this.options.prefix}:doc:${name}`;
  }

  /** Publishes; false when Redis is away (counted, dropped: the store has everything). */
  private publish(channel: string, message: ClusterMessage): boolean {
    if (this.closed && message.type !== 'bye') return false;
    if (this.bus.publish(channel, encodeClusterMessage(message))) return true;
    this.options.metrics.publishDropped();
    return false;
  }

  private onMessage(channel: string, bytes: Uint8Array): void {
    let message: ClusterMessage;
    try {
      message = decodeClusterMessage(bytes);
    } catch (error) {
      this.options.logger.warn({ err: error, channel }, 'dropped an unreadable cluster message');
      return;
    }
    if (message.node === this.nodeId) return;
    if (channel === this.clusterChannel) {
      this.onNodeMessage(message);
      return;
    }
    const name = channel.slice(this.docChannel('').length);
    const doc = this.docs.get(name);
    if (doc !== undefined) this.dispatch(doc, message);
    else this.early.get(name)?.push(message);
  }

  private dispatch(doc: ReplicaDoc, message: ClusterMessage): void {
    if (doc.room.isDestroyed) return;
    try {
      switch (message.type) {
        case 'batch':
          if (doc.received(message.firstSeq, message.seq, message.updates)) {
            this.options.metrics.crossNodeDelay((Date.now() - message.sentAt) / 1000);
          }
          break;
        case 'awareness':
          // Presence of a node not heard yet (its first heartbeat is on its way) is kept, and expires with it.
          if (!this.nodes.knows(message.node)) this.nodes.heard(message.node, [], Date.now());
          doc.receivedPresence(message.node, message.update);
          break;
        case 'awareness-query': {
          const states = doc.room.localAwareness();
          if (states !== null) this.publish(this.docChannel(doc.room.name), { type: 'awareness', node: this.nodeId, update: states });
          break;
        }
        default:
          break;
      }
    } catch (error) {
      this.options.logger.error(
        { err: error, doc: doc.room.name, from: message.node },
        'applying a message from another node failed; catching up from the store',
      );
      void doc.catchUp('gap');
    }
  }

  private onNodeMessage(message: ClusterMessage): void {
    if (message.type === 'heartbeat') {
      const isNew = !this.nodes.knows(message.node);
      const changed = this.nodes.heard(message.node, message.activity, Date.now());
      if (isNew) this.options.logger.info({ peer: message.node }, 'node joined the cluster');
      if (changed.length > 0) this.options.onRemoteActivity(changed);
      for (const { name, seq } of message.stored) {
        this.options.onRemoteStored(name);
        const doc = this.docs.get(name);
        if (doc !== undefined && doc.seq < seq) void doc.catchUp('heartbeat');
      }
      this.options.metrics.setNodes(this.nodes.size + 1);
    } else if (message.type === 'bye') {
      this.nodeLeft(message.node, 'said bye');
    } else if (message.type === 'deleted') {
      this.options.logger.info({ doc: message.name, by: message.node }, 'document deleted on another node; closing its connections here');
      this.options.onRemoteDeleted(message.name);
    } else if (message.type === 'access-changed') {
      this.options.onAccessChanged?.();
    }
  }

  private nodeLeft(node: string, why: string): void {
    if (!this.nodes.knows(node)) return;
    const held = this.nodes.forget(node);
    this.options.logger.warn({ peer: node, why }, 'node left the cluster; removing its presence and catching up');
    for (const doc of this.docs.values()) doc.forgetNode(node);
    if (held.length > 0) this.options.onRemoteActivity(held);
    this.options.metrics.setNodes(this.nodes.size + 1);
    // Its last batches may be committed but never published: they are of documents it held connections on.
    for (const name of held) void this.docs.get(name)?.catchUp('node_left');
  }

  private heartbeat(): void {
    if (this.closed) return;
    const stored = [...this.storedSinceHeartbeat].map(([name, seq]) => ({ name, seq }));
    // Kept until a heartbeat carries them: Redis may be away now.
    if (this.publish(this.clusterChannel, { type: 'heartbeat', node: this.nodeId, activity: this.options.localActivity(), stored })) {
      this.storedSinceHeartbeat.clear();
    }
    for (const node of this.nodes.expired(Date.now())) this.nodeLeft(node, `silent for more than ${this.timing.nodeTimeoutMs} ms`);
  }

  private catchUpAll(reason: CatchUpReason): void {
    for (const doc of this.docs.values()) void doc.catchUp(reason);
  }

  private async sweep(): Promise<void> {
    for (const doc of [...this.docs.values()]) {
      if (this.closed) return;
      try {
        if (await doc.behindStore()) await doc.catchUp('sweep');
      } catch (error) {
        this.options.logger.debug({ err: error, doc: doc.room.name }, 'sweep could not read the store');
      }
    }
  }
}
