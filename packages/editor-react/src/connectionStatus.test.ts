import { describe, expect, it } from 'vitest';
import { type ConnectionEvent, initialConnectionState, nextConnectionState } from './connectionStatus.js';

const run = (...events: ConnectionEvent['type'][]) =>
  events.reduce((state, type) => nextConnectionState(state, { type } as ConnectionEvent), initialConnectionState).status;

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
});
