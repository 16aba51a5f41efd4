import { MessageType, SyncMessageType } from '@tandem/protocol';

/** The `type` label of the message metrics, indexed by `messageKindOf`. */
export const messageKinds = ['sync_step1', 'sync_step2', 'sync_update', 'awareness', 'auth', 'query_awareness', 'ack', 'other'] as const;
export type MessageKind = (typeof messageKinds)[number];

const other = messageKinds.length - 1;

/**
 * Index into `messageKinds` of a raw frame, read from its first bytes (every type and sync
 * subtype is below 128, so one byte each). Cheap enough for every frame in and out.
 */
export function messageKindOf(bytes: Uint8Array): number {
  switch (bytes[0]) {
    case MessageType.Sync:
      switch (bytes[1]) {
        case SyncMessageType.Step1:
          return 0;
        case SyncMessageType.Step2:
          return 1;
        case SyncMessageType.Update:
          return 2;
        default:
          return other;
      }
    case MessageType.Awareness:
      return 3;
    case MessageType.Auth:
      return 4;
    case MessageType.QueryAwareness:
      return 5;
    case MessageType.Ack:
      return 6;
    default:
      return other;
  }
}
