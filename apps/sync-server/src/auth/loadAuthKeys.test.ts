import { generateKeyPairSync } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { exportJWK, importSPKI } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConfigError, defaultConfig } from '../config/index.js';
import { edPair, rsaPair } from '../fixtures/pemKeyPairs.js';
import { loadAuthKeys } from './loadAuthKeys.js';

let dir: string;
const ed = edPair();
const rsa = rsaPair(2048);
const rsaSmall = rsaPair(1024);
const ec = generateKeyPairSync('ec', {
  namedCurve: 'P-256',
  publicKeyEncoding: { type: 'spki', format: 'pem' },
  privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
});

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'tandem-auth-keys-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function file(name: string, content: string): Promise<string> {
  const path = join(dir, name);
  await writeFile(path, content);
  return path;
}

async function loadError(config: Partial<typeof defaultConfig>): Promise<ConfigError> {
  const error = await loadAuthKeys({ ...defaultConfig, ...config }).then(
    () => new Error('expected loadAuthKeys to reject'),
    (e: unknown) => e,
  );
  if (!(error instanceof ConfigError)) throw error;
  return error;
}

async function publicJwk(pem: string, alg: string) {
  return exportJWK(await importSPKI(pem, alg, { extractable: true }));
}

describe('loadAuthKeys', () => {
  it('returns no keys in open mode', async () => {
    expect(await loadAuthKeys(defaultConfig)).toEqual({ kind: 'none' });
  });

  it('pins HS256 for a shared secret', async () => {
    const keys = await loadAuthKeys({ ...defaultConfig, authSecret: 'k'.repeat(32) });
    expect(keys).toMatchObject({ kind: 'secret', algorithms: ['HS256'] });
  });

  it('loads an Ed25519 PEM and pins EdDSA', async () => {
    const keys = await loadAuthKeys({ ...defaultConfig, authPublicKeyFile: await file('ed.pem', ed.publicKey) });
    expect(keys).toMatchObject({ kind: 'publicKey', keyType: 'ed25519', algorithms: ['EdDSA', 'Ed25519'] });
  });

  it('loads an RSA PEM and pins RS256', async () => {
    const keys = await loadAuthKeys({ ...defaultConfig, authPublicKeyFile: await file('rsa.pem', rsa.publicKey) });
    expect(keys).toMatchObject({ kind: 'publicKey', keyType: 'rsa', algorithms: ['RS256'] });
  });

  it('names authPublicKeyFile when the file is missing', async () => {
    const error = await loadError({ authPublicKeyFile: join(dir, 'nope.pem') });
    expect(error.key).toBe('authPublicKeyFile');
    expect(error.message).toMatch(
      /^invalid config "authPublicKeyFile" \(env AUTH_PUBLIC_KEY_FILE, flag --auth-public-key-file\): cannot read ".*nope\.pem" \(ENOENT\)$/,
    );
  });

  it('refuses a private key, a non-PEM file, garbage PEM, EC and small RSA keys', async () => {
    expect((await loadError({ authPublicKeyFile: await file('priv.pem', ed.privateKey) })).message).toMatch(/holds a private key/);
    expect((await loadError({ authPublicKeyFile: await file('text.pem', 'hello') })).message).toMatch(/is not a PEM SPKI public key/);
    const garbage = '-----BEGIN PUBLIC KEY-----\nAAAA\n-----END PUBLIC KEY-----\n';
    expect((await loadError({ authPublicKeyFile: await file('garbage.pem', garbage) })).message).toMatch(/cannot parse the public key/);
    expect((await loadError({ authPublicKeyFile: await file('ec.pem', ec.publicKey) })).message).toMatch(
      /unsupported key type "ec".*use Ed25519 \(EdDSA\) or RSA \(RS256\)/,
    );
    expect((await loadError({ authPublicKeyFile: await file('small.pem', rsaSmall.publicKey) })).message).toMatch(
      /has 1024 bits; at least 2048 are required/,
    );
  });

  it('loads a JWKS with Ed25519 and RSA keys and allows exactly their algorithms', async () => {
    const jwks = { keys: [{ ...(await publicJwk(ed.publicKey, 'EdDSA')), kid: 'ed' }, await publicJwk(rsa.publicKey, 'RS256')] };
    const keys = await loadAuthKeys({ ...defaultConfig, authJwksFile: await file('set.json', JSON.stringify(jwks)) });
    expect(keys).toMatchObject({ kind: 'jwks', keyCount: 2 });
    if (keys.kind !== 'jwks') throw new Error('unreachable');
    expect([...keys.algorithms].sort()).toEqual(['Ed25519', 'EdDSA', 'RS256']);
  });

  it('narrows the algorithms to a key\'s "alg" member', async () => {
    const jwks = { keys: [{ ...(await publicJwk(ed.publicKey, 'EdDSA')), alg: 'EdDSA' }] };
    const keys = await loadAuthKeys({ ...defaultConfig, authJwksFile: await file('alg.json', JSON.stringify(jwks)) });
    expect(keys).toMatchObject({ kind: 'jwks', algorithms: ['EdDSA'] });
  });

  it('names authJwksFile for every kind of bad key set', async () => {
    const edJwk = await publicJwk(ed.publicKey, 'EdDSA');
    const cases: [string, string, RegExp][] = [
      ['missing.json', '', /cannot read .* \(ENOENT\)/],
      ['bad.json', '{"keys": [', /is not valid JSON/],
      ['empty.json', '{"keys": []}', /must be a JSON Web Key Set with at least one key/],
      ['array.json', '[]', /must be a JSON Web Key Set/],
      ['oct.json', JSON.stringify({ keys: [{ kty: 'oct', k: 'c2VjcmV0' }] }), /keys\[0\] holds private or secret key material/],
      ['ec.json', JSON.stringify({ keys: [{ kty: 'EC', crv: 'P-256', x: 'AA', y: 'AA' }] }), /unsupported key \(kty "EC", crv "P-256"\)/],
      ['hs.json', JSON.stringify({ keys: [{ ...edJwk, alg: 'HS256' }] }), /"alg": "HS256"; allowed: EdDSA, Ed25519/],
      ['enc.json', JSON.stringify({ keys: [{ ...edJwk, use: 'enc' }] }), /"use": "enc"/],
      ['short.json', JSON.stringify({ keys: [{ kty: 'OKP', crv: 'Ed25519', x: 'AAAA' }] }), /keys\[0\] cannot be imported/],
      ['small.json', JSON.stringify({ keys: [await publicJwk(rsaSmall.publicKey, 'RS256')] }), /RSA key of 1024 bits/],
    ];
    for (const [name, content, pattern] of cases) {
      const path = name === 'missing.json' ? join(dir, name) : await file(name, content);
      const error = await loadError({ authJwksFile: path });
      expect(error.key, name).toBe('authJwksFile');
      expect(error.message, name).toMatch(pattern);
    }
    const priv = generateKeyPairSync('ed25519');
    const privateJwk = priv.privateKey.export({ format: 'jwk' });
    const error = await loadError({ authJwksFile: await file('private.json', JSON.stringify({ keys: [privateJwk] })) });
    expect(error.message).toMatch(/keys\[0\] holds private or secret key material/);
  });
});
