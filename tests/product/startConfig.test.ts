import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { publicAddress } from '../../scripts/publicAddress.mjs';
import { readStartConfig, startSettings } from '../../scripts/startConfig.mjs';

// The settings of `npm start` (scripts/startConfig.mjs) and what they make of this machine's
// addresses (scripts/publicAddress.mjs).

const root = '/srv/tandem';
const machine = {
  hostname: 'Ada-Laptop',
  interfaces: {
    lo: [{ address: '127.0.0.1', netmask: '255.0.0.0', family: 'IPv4', mac: '', internal: true, cidr: null }],
    docker0: [{ address: '172.17.0.1', netmask: '255.255.0.0', family: 'IPv4', mac: '', internal: false, cidr: null }],
    wlan0: [
      { address: 'fe80::1', netmask: 'ffff:ffff:ffff:ffff::', family: 'IPv6', mac: '', internal: false, cidr: null, scopeid: 3 },
      { address: 'fd00::7', netmask: 'ffff:ffff:ffff:ffff::', family: 'IPv6', mac: '', internal: false, cidr: null, scopeid: 0 },
      { address: '192.168.1.20', netmask: '255.255.255.0', family: 'IPv4', mac: '', internal: false, cidr: null },
    ],
  },
} as const;
const addressFor = (env: Record<string, string>) => publicAddress(readStartConfig(env, root), machine as never);

describe('npm start settings', () => {
  it('defaults: every interface with auth on, loopback in open mode; /sync on the page origin; data under the checkout', () => {
    expect(readStartConfig({}, root)).toEqual({
      syncPort: 1234,
      webPort: 3000,
      host: '0.0.0.0',
      publicUrl: null,
      dataDir: '/srv/tandem/data',
      openMode: false,
      authSecret: null,
      allowedOrigins: null,
      trustedProxyHops: 0,
      syncUrl: '/sync',
    });
    expect(readStartConfig({ TANDEM_OPEN_MODE: '1' }, root).host).toBe('127.0.0.1');
    expect(readStartConfig({ TANDEM_OPEN_MODE: '1', HOST: '0.0.0.0' }, root).host).toBe('0.0.0.0');
    // Empty counts as unset; PUBLIC_URL is kept as its origin.
    expect(readStartConfig({ HOST: '', PUBLIC_URL: 'https://Tandem.Example.com/' }, root)).toMatchObject({
      host: '0.0.0.0',
      publicUrl: 'https://tandem.example.com',
    });
  });

  it.each([
    [{ TANDEM_WEB_PORT: 'abc' }, /^invalid setting TANDEM_WEB_PORT: /],
    [{ TANDEM_SYNC_PORT: '3000' }, /^invalid setting TANDEM_SYNC_PORT: must differ from TANDEM_WEB_PORT \(both 3000\)/],
    [{ HOST: 'not a host!' }, /^invalid setting HOST: must be an IP address or a host name/],
    [{ PUBLIC_URL: 'tandem.example.com' }, /^invalid setting PUBLIC_URL: must be an http:\/\/ or https:\/\/ URL/],
    [{ PUBLIC_URL: 'https://example.com/tandem' }, /^invalid setting PUBLIC_URL: must be an origin without a path/],
    [{ PUBLIC_URL: 'ftp://example.com' }, /^invalid setting PUBLIC_URL: must use http:\/\/ or https:\/\//],
    [{ AUTH_SECRET: 'short' }, /^invalid setting AUTH_SECRET: must be at least 32 bytes/],
    [{ TANDEM_OPEN_MODE: 'yes please' }, /^invalid setting TANDEM_OPEN_MODE: must be 1 or true \(on\), 0 or false \(off\)/],
    [{ TRUSTED_PROXY_HOPS: '-1' }, /^invalid setting TRUSTED_PROXY_HOPS: /],
    [{ NEXT_PUBLIC_SYNC_URL: 'http://sync.example.com' }, /^invalid setting NEXT_PUBLIC_SYNC_URL: must be a path/],
  ])('%j is refused, naming the setting', (env, message) => {
    expect(() => readStartConfig(env, root)).toThrow(message);
  });

  it('links carry PUBLIC_URL, else the address teammates reach on the network, else localhost; the sync server allows just those origins', () => {
    // On every interface: the network's IPv4 address first, the container bridge last.
    const lan = addressFor({});
    expect(lan.teammateUrls).toEqual(['http://192.168.1.20:3000', 'http://[fd00::7]:3000', 'http://172.17.0.1:3000']);
    expect(lan.publicUrl).toBe('http://192.168.1.20:3000');
    expect(lan.allowedOrigins.split(',')).toEqual([
      'http://localhost:*',
      'http://127.0.0.1:*',
      'http://[::1]:*',
      'https://localhost:*',
      'http://192.168.1.20:3000',
      'http://[fd00::7]:3000',
      'http://172.17.0.1:3000',
      'http://ada-laptop:3000',
      'http://ada-laptop.local:3000',
    ]);
    // Loopback only: nobody else can reach it.
    const local = addressFor({ HOST: '127.0.0.1', TANDEM_WEB_PORT: '8080' });
    expect(local).toMatchObject({ teammateUrls: [], publicUrl: 'http://localhost:8080', publicUrlSource: 'this machine only' });
    // A deployment behind a proxy: its public origin, and only that one.
    const deployed = addressFor({ HOST: '127.0.0.1', PUBLIC_URL: 'https://tandem.example.com' });
    expect(deployed).toMatchObject({
      publicUrl: 'https://tandem.example.com',
      publicUrlSource: 'PUBLIC_URL',
      allowedOrigins: 'https://tandem.example.com',
    });
    // ALLOWED_ORIGINS, when set, is what the sync server gets.
    expect(
      addressFor({ PUBLIC_URL: 'https://a.example.com', ALLOWED_ORIGINS: 'https://a.example.com,https://b.example.com' }).allowedOrigins,
    ).toBe('https://a.example.com,https://b.example.com');
  });

  it('every setting is in the README table of "Run it for your team"', () => {
    const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');
    const section = readme.slice(readme.indexOf('## Run it for your team'));
    const table = section.slice(0, section.indexOf('\n## ', 3));
    for (const key of Object.keys(startSettings)) expect(table, key).toContain(`| \`${key}\` |`);
  });
});
