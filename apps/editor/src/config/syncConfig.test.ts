import { describe, expect, it } from 'vitest';
import { DEFAULT_SYNC_URL, resolveSyncConfig, syncConfigFrom, syncSettingFrom } from './syncConfig';

const page = (address: string) => new URL(address);

describe('the sync URL', () => {
  it("defaults to /sync on the page's own origin: ws:// under http://, wss:// under https://, the page's host and port", () => {
    expect(syncSettingFrom(undefined)).toBe(DEFAULT_SYNC_URL);
    expect(syncSettingFrom('  ')).toBe('/sync');
    expect(syncConfigFrom(undefined, page('http://192.168.1.20:3000/d/notes?access=edit'))).toEqual({
      syncUrl: 'ws://192.168.1.20:3000/sync',
      httpUrl: 'http://192.168.1.20:3000/sync',
    });
    expect(syncConfigFrom(undefined, page('https://tandem.example.com/'))).toEqual({
      syncUrl: 'wss://tandem.example.com/sync',
      httpUrl: 'https://tandem.example.com/sync',
    });
    expect(syncConfigFrom(undefined, page('http://[fd00::2]:3000/'))).toEqual({
      syncUrl: 'ws://[fd00::2]:3000/sync',
      httpUrl: 'http://[fd00::2]:3000/sync',
    });
    // Another path, its trailing slash dropped.
    expect(syncConfigFrom('/collab/ws/', page('https://docs.example.org'))).toEqual({
      syncUrl: 'wss://docs.example.org/collab/ws',
      httpUrl: 'https://docs.example.org/collab/ws',
    });
  });

  it('takes a ws:// or wss:// URL as it is, whatever the page, with the HTTP base beside it', () => {
    const anyPage = page('https://tandem.example.com/');
    expect(syncConfigFrom('wss://sync.example.com/', anyPage)).toEqual({
      syncUrl: 'wss://sync.example.com',
      httpUrl: 'https://sync.example.com',
    });
    expect(syncConfigFrom('ws://10.0.0.5:9000/tandem/', anyPage)).toEqual({
      syncUrl: 'ws://10.0.0.5:9000/tandem',
      httpUrl: 'http://10.0.0.5:9000/tandem',
    });
    expect(resolveSyncConfig('ws://localhost:1234', anyPage)).toEqual({ syncUrl: 'ws://localhost:1234', httpUrl: 'http://localhost:1234' });
  });

  it('rejects what is neither a path nor a ws:// or wss:// URL, naming the setting', () => {
    expect(() => syncSettingFrom('localhost:1234')).toThrow(
      /NEXT_PUBLIC_SYNC_URL must be a path \(e\.g\. \/sync\) or use ws:\/\/ or wss:\/\//,
    );
    expect(() => syncSettingFrom('http://localhost:1234')).toThrow(/NEXT_PUBLIC_SYNC_URL must be a path \(e\.g\. \/sync\) or use ws:\/\//);
    expect(() => syncSettingFrom('not a url')).toThrow(
      /NEXT_PUBLIC_SYNC_URL must be a path on the page's origin \(e\.g\. \/sync\) or a ws:\/\//,
    );
    expect(() => syncSettingFrom('ws://host:1/?x=1')).toThrow(/NEXT_PUBLIC_SYNC_URL must not have a query or fragment/);
    expect(() => syncSettingFrom('/sync?x=1')).toThrow(/NEXT_PUBLIC_SYNC_URL must be a path without a query/);
    expect(() => syncSettingFrom('/')).toThrow(/NEXT_PUBLIC_SYNC_URL must not be "\/"/);
    // A protocol-relative address is another host, not a path.
    expect(() => syncSettingFrom('//evil.example/sync')).toThrow(/NEXT_PUBLIC_SYNC_URL/);
  });
});
