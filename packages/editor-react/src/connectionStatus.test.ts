import { describe, expect, it } from 'vitest';
import { type ConnectionEvent, initialConnectionState, nextConnectionState, offlineCause } from './connectionStatus.js';

const after = (...events: ConnectionEvent['type'][]) =>
  events.reduce((state, type) => nextConnectionState(state, { type } as ConnectionEvent), initialConnectionState);
const run = (...events: ConnectionEvent['type'][]) => after(...events).status;

describe('nextConnectionState', () => {
  it('says connecting only for the first attempt', () => {
    expect(run('connecting')).toBe('connecting');
    expect(run('connecting', 'connected')).toBe('connected');
    expect(run('connecting', 'closed')).toBe('offline');
    expect(run('connecting', 'closed', 'connecting')).toBe('offline');
  });

  it('goes offline when the connection drops and back when it reopens', () => {
    expect(run('connecting', 'connected', 'closed', 'connecting')).toBe('offline');
    expect(run('connecting', 'connected', 'closed', 'connecting', 'connected')).toBe('connected');
  });

  it('follows the browser going offline', () => {
    expect(run('connecting', 'connected', 'browser-offline')).toBe('offline');
    expect(run('browser-offline', 'connecting')).toBe('offline');
    expect(run('browser-offline', 'browser-online', 'connected')).toBe('connected');
  });

  it('tells a missing network from a server that cannot be reached', () => {
    expect(offlineCause(after('connecting', 'connected'))).toBeNull();
    expect(offlineCause(after('connecting'))).toBeNull();
    expect(offlineCause(after('connecting', 'connected', 'closed'))).toBe('server');
    expect(offlineCause(after('connecting', 'closed', 'connecting'))).toBe('server');
    expect(offlineCause(after('connecting', 'connected', 'browser-offline'))).toBe('network');
    expect(offlineCause(after('connecting', 'connected', 'browser-offline', 'closed'))).toBe('network');
    // The network came back but the server has not answered yet: now it is the server.
    expect(offlineCause(after('connecting', 'connected', 'browser-offline', 'closed', 'browser-online'))).toBe('server');
  });
});
