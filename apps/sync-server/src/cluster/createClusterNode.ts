import type { DocumentStore } from '@tandem/persistence';
import { CloseCode } from '@tandem/protocol';
import type { SyncServerConfig } from '../config/index.js';
import type { DocActivity } from '../eventStream.js';
import type { Logger } from '../logger.js';
import type { ServerMetrics } from '../metrics/index.js';
import type { RoomHooks } from '../sync/roomHooks.js';
import type { RoomRegistry } from '../sync/roomRegistry.js';
import { createClusterMetrics } from './clusterMetrics.js';
import { ClusterNode, type ClusterTiming } from './clusterNode.js';
import { defaultNodeId } from './defaultNodeId.js';

export interface ClusterWiring {
  config: SyncServerConfig;
  nodeId: string;
  store: DocumentStore;
  logger: Logger;
  metrics: ServerMetrics;
  timing?: Partial<ClusterTiming> | undefined;
  /** The server's rooms (read lazily: the registry is made after the node). */
  registry: () => RoomRegistry;
  /** Something of a document was stored (here or on another node). */
  onStored: (name: string) => void;
  /** Another node deleted a document (its connections here are closed already). */
  onRemoteDeleted: (name: string) => void;
  /** The number of connections to these documents changed somewhere in the cluster. */
  onActivity: (names: readonly string[]) => void;
  /** Another node changed the revocations (or one may have been missed): read and apply them. */
  onAccessChanged: () => void;
}

/** Connections per document on this node. */
export function localActivity(registry: RoomRegistry): DocActivity[] {
  return registry
    .rooms()
    .filter((room) => room.connections.size > 0)
    .map((room) => ({ name: room.name, connections: room.connections.size }));
}

/** Connections per document over the whole cluster (this node alone without one). */
export function clusterActivity(registry: RoomRegistry, cluster: ClusterNode | null): DocActivity[] {
  const local = localActivity(registry);
  if (cluster === null) return local;
  const total = cluster.remoteConnections();
  for (const { name, connections } of local) total.set(name, (total.get(name) ?? 0) + connections);
  return [...total].map(([name, connections]) => ({ name, connections }));
}

/** The node's name and a logger that names it on every line (in a cluster; unchanged otherwise). */
export function nodeLogger(config: SyncServerConfig, base: Logger): { nodeId: string; logger: Logger } {
  const nodeId = config.nodeId ?? defaultNodeId();
  const named = config.redisUrl === null || base.bindings().node !== undefined;
  return { nodeId, logger: named ? base : base.child({ node: nodeId }) };
}

/** The room hooks through which a cluster node publishes what its rooms store and their presence. */
export function clusterRoomHooks(cluster: ClusterNode | null): Pick<RoomHooks, 'onAppended' | 'onLocalAwareness'> {
  if (cluster === null) return {};
  return {
    onAppended: (room, batch) => cluster.appended(room, batch),
    onLocalAwareness: (room, update) => cluster.localAwareness(room, update),
  };
}

/** This server as a cluster node when `redisUrl` is set, else null. */
export function createClusterNode(wiring: ClusterWiring): ClusterNode | null {
  const { config, registry } = wiring;
  if (config.redisUrl === null) return null;
  const cluster: ClusterNode = new ClusterNode({
    nodeId: wiring.nodeId,
    redisUrl: config.redisUrl,
    prefix: config.redisPrefix,
    store: wiring.store,
    logger: wiring.logger,
    metrics: createClusterMetrics(wiring.metrics.registry, (): number =>
      clusterActivity(registry(), cluster).reduce((total, doc) => total + doc.connections, 0),
    ),
    ...wiring.timing,
    onRemoteStored: wiring.onStored,
    onRemoteDeleted: (name) => {
      const room = registry()
        .rooms()
        .find((open) => open.name === name);
      for (const connection of [...(room?.connections ?? [])]) connection.close(CloseCode.DocumentDeleted);
      wiring.onRemoteDeleted(name);
    },
    onRemoteActivity: wiring.onActivity,
    onAccessChanged: wiring.onAccessChanged,
    localActivity: () => localActivity(registry()),
  });
  return cluster;
}
