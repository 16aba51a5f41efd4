import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';

/** A node's name when `nodeId` is not set: host name, process id and a random suffix (unique across restarts). */
export function defaultNodeId(): string {
  return `${hostname()}-${process.pid}-${randomBytes(2).toString('hex')}`;
}
