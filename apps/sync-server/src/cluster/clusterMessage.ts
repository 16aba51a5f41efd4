import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';

/**
 * What nodes of a cluster tell each other through Redis pub/sub. Documents' messages go on the
 * document's channel, the rest on the cluster's channel; every message names its sender, so a node
 * ignores its own.
 *
 * - `batch`: updates committed in the store with their sequence numbers (never sent before commit);
 * - `awareness`: presence of the sender's own connections; `awareness-query`: "send me yours";
 * - `heartbeat`: the sender is alive, with its activity (connections per document) and the documents
 *   it stored something of since its last heartbeat, with the last number it stored (the activity
 *   stream and document list of the other nodes; a node holding one open and behind that number
 *   catches up, so even a batch message that got lost is noticed within a heartbeat); `bye`: it stops;
 * - `deleted`: the sender deleted a document (every node closes its connections to it);
 * - `access-changed`: the sender changed the revocations in the store (every node reads them again and
 *   applies them to its open connections).
 */
export type ClusterMessage =
  | { type: 'batch'; node: string; sentAt: number; firstSeq: number; seq: number; updates: Uint8Array[] }
  | { type: 'awareness'; node: string; update: Uint8Array }
  | { type: 'awareness-query'; node: string }
  | { type: 'heartbeat'; node: string; activity: NodeActivity[]; stored: StoredMark[] }
  | { type: 'bye'; node: string }
  | { type: 'deleted'; node: string; name: string }
  | { type: 'access-changed'; node: string };

/** The last sequence number a node stored of a document. */
export interface StoredMark {
  name: string;
  seq: number;
}

/** Connections a node holds on one document. */
export interface NodeActivity {
  name: string;
  connections: number;
}

const kinds = ['batch', 'awareness', 'awareness-query', 'heartbeat', 'bye', 'deleted', 'access-changed'] as const;

export function encodeClusterMessage(message: ClusterMessage): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, kinds.indexOf(message.type));
  encoding.writeVarString(encoder, message.node);
  switch (message.type) {
    case 'batch':
      encoding.writeFloat64(encoder, message.sentAt);
      encoding.writeVarUint(encoder, message.firstSeq);
      encoding.writeVarUint(encoder, message.seq);
      encoding.writeVarUint(encoder, message.updates.length);
      for (const update of message.updates) encoding.writeVarUint8Array(encoder, update);
      break;
    case 'awareness':
      encoding.writeVarUint8Array(encoder, message.update);
      break;
    case 'deleted':
      encoding.writeVarString(encoder, message.name);
      break;
    case 'heartbeat':
      encoding.writeVarUint(encoder, message.activity.length);
      for (const entry of message.activity) {
        encoding.writeVarString(encoder, entry.name);
        encoding.writeVarUint(encoder, entry.connections);
      }
      encoding.writeVarUint(encoder, message.stored.length);
      for (const mark of message.stored) {
        encoding.writeVarString(encoder, mark.name);
        encoding.writeVarUint(encoder, mark.seq);
      }
      break;
    default:
      break;
  }
  return encoding.toUint8Array(encoder);
}

/** Decodes a message; throws on bytes that are not one (the caller logs and drops them). */
export function decodeClusterMessage(bytes: Uint8Array): ClusterMessage {
  const decoder = decoding.createDecoder(bytes);
  const type = kinds[decoding.readVarUint(decoder)];
  const node = decoding.readVarString(decoder);
  switch (type) {
    case 'batch': {
      const sentAt = decoding.readFloat64(decoder);
      const firstSeq = decoding.readVarUint(decoder);
      const seq = decoding.readVarUint(decoder);
      const count = decoding.readVarUint(decoder);
      const updates: Uint8Array[] = [];
      for (let i = 0; i < count; i++) updates.push(decoding.readVarUint8Array(decoder));
      return { type, node, sentAt, firstSeq, seq, updates };
    }
    case 'awareness':
      return { type, node, update: decoding.readVarUint8Array(decoder) };
    case 'deleted':
      return { type, node, name: decoding.readVarString(decoder) };
    case 'heartbeat': {
      const count = decoding.readVarUint(decoder);
      const activity: NodeActivity[] = [];
      for (let i = 0; i < count; i++) activity.push({ name: decoding.readVarString(decoder), connections: decoding.readVarUint(decoder) });
      const storedCount = decoding.readVarUint(decoder);
      const stored: StoredMark[] = [];
      for (let i = 0; i < storedCount; i++) stored.push({ name: decoding.readVarString(decoder), seq: decoding.readVarUint(decoder) });
      return { type, node, activity, stored };
    }
    case 'awareness-query':
    case 'bye':
    case 'access-changed':
      return { type, node };
    default:
      throw new Error('not a cluster message: unknown type');
  }
}
