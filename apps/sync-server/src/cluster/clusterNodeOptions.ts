import type { DocumentStore } from '@tandem/persistence';
import type { Logger } from '../logger.js';
import type { ClusterMetrics } from './clusterMetrics.js';

export interface ClusterNodeOptions {
  nodeId: string;
  redisUrl: string;
  /** Prefix of every Redis channel: isolates one cluster from another on a shared Redis. */
  prefix: string;
  store: DocumentStore;
  logger: Logger;
  metrics: ClusterMetrics;
  /** Heartbeat period; a node silent for `nodeTimeoutMs` is gone (its presence removed everywhere). */
  heartbeatMs?: number;
  nodeTimeoutMs?: number;
  gapWaitMs?: number;
  /** How often every open document compares its replica with the store (the last resort against a lost message). */
  sweepMs?: number;
  /** A document changed through another node (SSE, document list). */
  onRemoteStored: (name: string) => void;
  /** Another node deleted a document: close this node's connections to it. */
  onRemoteDeleted: (name: string) => void;
  /** Another node changed the revocations (or Redis was away, so a change may have been missed): read and apply them. */
  onAccessChanged?: () => void;
  /** The number of connections other nodes hold on these documents changed. */
  onRemoteActivity: (names: readonly string[]) => void;
  /** Connections this node holds, per document (sent with each heartbeat). */
  localActivity: () => { name: string; connections: number }[];
}

export interface ClusterTiming {
  heartbeatMs: number;
  nodeTimeoutMs: number;
  gapWaitMs: number;
  sweepMs: number;
}

export const defaultClusterTiming: Readonly<ClusterTiming> = Object.freeze({
  heartbeatMs: 1000,
  nodeTimeoutMs: 3000,
  gapWaitMs: 50,
  sweepMs: 30_000,
});

/** The timing options that were given. */
export function definedOnly(options: ClusterNodeOptions): Partial<ClusterTiming> {
  const timing: Partial<ClusterTiming> = {};
  for (const key of Object.keys(defaultClusterTiming) as (keyof ClusterTiming)[]) {
    const value = options[key];
    if (value !== undefined) timing[key] = value;
  }
  return timing;
}
