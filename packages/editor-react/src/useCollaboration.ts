import { useEffect, useRef, useState, useSyncExternalStore } from 'react';
import type { Awareness } from 'y-protocols/awareness';
import type { WebsocketProvider } from 'y-websocket';
import type * as Y from 'yjs';
import { type CollaborationOptions, CollaborationSession, type CollaborationSnapshot, initialSnapshot } from './collaborationSession.js';

export interface Collaboration extends CollaborationSnapshot {
  docId: string;
  /** Null until the session has been created in the browser (never during server rendering). */
  session: CollaborationSession | null;
  doc: Y.Doc | null;
  provider: WebsocketProvider | null;
  awareness: Awareness | null;
}

const notStarted: CollaborationSnapshot = initialSnapshot(false);
const noSubscription = () => () => {};
const notStartedSnapshot = () => notStarted;

/**
 * Opens `docId` on the sync server: a Y.Doc, its WebSocket provider (with durable acks), an
 * IndexedDB copy for offline work, and awareness (name, colour, typing, away). Re-opens when
 * the doc, server, token, read-only flag or storage options change (or `getToken` appears or goes);
 * a new `user` only updates awareness, a new `getToken` function is simply used from then on.
 */
export function useCollaboration(docId: string, options: CollaborationOptions): Collaboration {
  const { serverUrl, token, readOnly, offline, durableAcks, typingTimeoutMs, typingStaleMs, noticeTimeoutMs, WebSocketPolyfill } = options;
  const { name, color, id } = options.user;
  const userRef = useRef(options.user);
  userRef.current = options.user;
  // The latest callback is used, so a new function on every render does not reopen the document.
  const getTokenRef = useRef(options.getToken);
  getTokenRef.current = options.getToken;
  const usesGetToken = options.getToken !== undefined;
  const [session, setSession] = useState<CollaborationSession | null>(null);

  useEffect(() => {
    const created = new CollaborationSession(docId, {
      serverUrl,
      user: userRef.current,
      ...(token === undefined ? {} : { token }),
      ...(usesGetToken ? { getToken: () => (getTokenRef.current as () => Promise<string>)() } : {}),
      ...(readOnly === undefined ? {} : { readOnly }),
      ...(offline === undefined ? {} : { offline }),
      ...(durableAcks === undefined ? {} : { durableAcks }),
      ...(typingTimeoutMs === undefined ? {} : { typingTimeoutMs }),
      ...(typingStaleMs === undefined ? {} : { typingStaleMs }),
      ...(noticeTimeoutMs === undefined ? {} : { noticeTimeoutMs }),
      ...(WebSocketPolyfill === undefined ? {} : { WebSocketPolyfill }),
    });
    setSession(created);
    return () => {
      created.destroy();
      setSession((current) => (current === created ? null : current));
    };
  }, [
    docId,
    serverUrl,
    token,
    usesGetToken,
    readOnly,
    offline,
    durableAcks,
    typingTimeoutMs,
    typingStaleMs,
    noticeTimeoutMs,
    WebSocketPolyfill,
  ]);

  useEffect(() => {
    session?.setUser({ name, color, ...(id === undefined ? {} : { id }) });
  }, [session, name, color, id]);

  const snapshot = useSyncExternalStore(
    session?.subscribe ?? noSubscription,
    session?.getSnapshot ?? notStartedSnapshot,
    notStartedSnapshot,
  );

  return {
    ...snapshot,
    docId,
    session,
    doc: session?.doc ?? null,
    provider: session?.provider ?? null,
    awareness: session?.awareness ?? null,
  };
}
