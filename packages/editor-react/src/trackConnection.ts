import type { WebsocketProvider } from 'y-websocket';
import {
  type ConnectionEvent,
  type ConnectionState,
  type ConnectionStatus,
  initialConnectionState,
  nextConnectionState,
  type OfflineCause,
  offlineCause,
} from './connectionStatus.js';
import type { SaveTracker } from './saveTracker.js';

export interface ConnectionEvents {
  onStatus: (status: ConnectionStatus) => void;
  /** Why it is offline (no network, or no server), null when it is not. */
  onOfflineCause: (cause: OfflineCause | null) => void;
  onSynced: (synced: boolean) => void;
  /** A connection opened or closed: the save state may have changed. */
  onSaveChange: () => void;
  /** The provider gave up for good (a close code it does not retry). */
  onClosedForGood: (message: string, code: number) => void;
}

/**
 * The connection status (`nextConnectionState` fed from the provider and the browser's
 * online/offline events) and why it is offline, and the save tracker told of each connection
 * opening and closing.
 * Returns the cleanup.
 */
export function trackConnection(provider: WebsocketProvider, save: SaveTracker, events: ConnectionEvents): () => void {
  let connection: ConnectionState = initialConnectionState;
  const dispatch = (event: ConnectionEvent) => {
    const before = connection;
    connection = nextConnectionState(connection, event);
    if (connection.status !== before.status) events.onStatus(connection.status);
    const cause = offlineCause(connection);
    if (cause !== offlineCause(before)) events.onOfflineCause(cause);
  };
  const onStatus = ({ status }: { status: 'connected' | 'disconnected' | 'connecting' }) => {
    if (status === 'connected') {
      save.connectionOpened();
      events.onSaveChange();
      dispatch({ type: 'connected' });
    } else if (status === 'connecting') {
      dispatch({ type: 'connecting' });
    }
  };
  const onClose = () => {
    save.connectionClosed();
    events.onSaveChange();
    dispatch({ type: 'closed' });
  };
  const onSync = (synced: boolean) => events.onSynced(synced);
  const onClosed = (event: { code: number; reason: string }) => {
    events.onClosedForGood(
      `The server closed the connection for good (${event.code}${event.reason ? `: ${event.reason}` : ''}).`,
      event.code,
    );
  };
  provider.on('status', onStatus);
  provider.on('connection-close', onClose);
  provider.on('sync', onSync);
  provider.on('closed', onClosed);
  const cleanups = [
    () => {
      provider.off('status', onStatus);
      provider.off('connection-close', onClose);
      provider.off('sync', onSync);
      provider.off('closed', onClosed);
    },
  ];
  if (typeof window !== 'undefined') {
    const onOffline = () => dispatch({ type: 'browser-offline' });
    const onOnline = () => {
      dispatch({ type: 'browser-online' });
      if (provider.wsconnected) dispatch({ type: 'connected' });
    };
    window.addEventListener('offline', onOffline);
    window.addEventListener('online', onOnline);
    if (typeof navigator !== 'undefined' && navigator.onLine === false) onOffline();
    cleanups.push(() => {
      window.removeEventListener('offline', onOffline);
      window.removeEventListener('online', onOnline);
    });
  }
  return () => {
    for (const cleanup of cleanups) cleanup();
  };
}
