/**
 * What the user is told about the connection:
 * - `connecting`: the first attempt since the editor opened is under way;
 * - `connected`: the WebSocket is open;
 * - `offline`: an attempt failed or the connection dropped; the provider keeps retrying,
 *   changes are kept on this device and will sync.
 */
export type ConnectionStatus = 'connecting' | 'connected' | 'offline';

/**
 * Why the editor is offline: the browser has no network (`network`), or it has one and the sync
 * server cannot be reached (`server`: down, or something between refuses the connection).
 */
export type OfflineCause = 'network' | 'server';

export type ConnectionEvent =
  | { type: 'connecting' }
  | { type: 'connected' }
  | { type: 'closed' }
  | { type: 'browser-offline' }
  | { type: 'browser-online' };

export interface ConnectionState {
  status: ConnectionStatus;
  /** Has any attempt finished (opened or failed) since the editor opened? */
  settled: boolean;
  browserOnline: boolean;
}

export const initialConnectionState: ConnectionState = { status: 'connecting', settled: false, browserOnline: true };

/** Why `state` is offline, or null when it is not. */
export function offlineCause(state: ConnectionState): OfflineCause | null {
  if (state.status !== 'offline') return null;
  return state.browserOnline ? 'server' : 'network';
}

export function nextConnectionState(state: ConnectionState, event: ConnectionEvent): ConnectionState {
  switch (event.type) {
    case 'connecting':
      return { ...state, status: state.settled || !state.browserOnline ? 'offline' : 'connecting' };
    case 'connected':
      return { ...state, status: 'connected', settled: true };
    case 'closed':
      return { ...state, status: 'offline', settled: true };
    case 'browser-offline':
      return { ...state, status: 'offline', browserOnline: false };
    case 'browser-online':
      return { ...state, browserOnline: true };
    default: {
      const unknown: never = event;
      throw new Error(`unknown connection event ${JSON.stringify(unknown)}`);
    }
  }
}
