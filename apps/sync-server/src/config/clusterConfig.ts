import * as z from 'zod';
import { field, optionalText as optional } from './configField.js';

/** Cluster mode: several processes on one PostgreSQL store, talking through Redis. */
export const clusterFields = {
  redisUrl: field(
    optional(/^rediss?:\/\/\S+$/, 'a redis:// or rediss:// URL'),
    null,
    'Redis that carries stored updates, presence and heartbeats between the nodes of a cluster (with DATABASE_URL: every node runs the same way); unset = one process.',
    { emptyIsSet: true, secret: true },
  ),
  redisPrefix: field(
    { schema: z.string().regex(/^[A-Za-z0-9_.:-]{1,64}$/), expected: '1-64 letters, digits or _.:-', fromText: (raw) => raw.trim() },
    'tandem',
    'Prefix of every Redis channel: isolates one cluster from another on a shared Redis (pub/sub ignores database numbers).',
  ),
  nodeId: field(
    optional(/^[A-Za-z0-9_.:-]{1,64}$/, '1-64 letters, digits or _.:-'),
    null,
    'Name of this node in logs, metrics and the cluster (unset = host name, process id and a random suffix).',
    { emptyIsSet: true },
  ),
};

const clusterObject = z.object(clusterFields);
export type ClusterConfig = z.output<typeof clusterObject>;
