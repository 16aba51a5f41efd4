import { describe, expect, it } from 'vitest';
import { DEFAULT_SYNC_URL, syncConfigFrom } from './syncConfig';

describe('syncConfigFrom', () => {
  it('defaults to the local sync server and derives the HTTP base from the WebSocket URL', () => {
    expect(syncConfigFrom(undefined)).toEqual({ syncUrl: DEFAULT_SYNC_URL, httpUrl: 'http://localhost:1234' });
    expect(syncConfigFrom('  ')).toEqual({ syncUrl: 'ws://localhost:1234', httpUrl: 'http://localhost:1234' });
    expect(syncConfigFrom('wss://sync.example.com/')).toEqual({ syncUrl: 'wss://sync.example.com', httpUrl: 'https://sync.example.com' });
    expect(syncConfigFrom('ws://10.0.0.5:9000/tandem/')).toEqual({ syncUrl: 'ws://10.0.0.5:9000/tandem', httpUrl: 'http://10.0.0.5:9000/tandem' });
  });

  it('rejects what is not a ws:// or wss:// URL, naming the setting', () => {
    expect(() => syncConfigFrom('localhost:1234')).toThrow(/NEXT_PUBLIC_SYNC_URL must use ws:\/\/ or wss:\/\//);
    expect(() => syncConfigFrom('http://localhost:1234')).toThrow(/NEXT_PUBLIC_SYNC_URL must use ws:\/\/ or wss:\/\//);
    expect(() => syncConfigFrom('not a url')).toThrow(/NEXT_PUBLIC_SYNC_URL must be a ws:\/\/ or wss:\/\/ URL/);
    expect(() => syncConfigFrom('ws://host:1/?x=1')).toThrow(/NEXT_PUBLIC_SYNC_URL must not have a query/);
  });
});
