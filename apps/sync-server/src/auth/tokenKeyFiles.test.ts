import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { exportJWK, importPKCS8, importSPKI } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  CLAIMS,
  denied,
  ed,
  ed2,
  edStranger,
  expectGarbageRejected,
  now,
  rsa,
  secretKey,
  sign,
  verifierFor,
} from '../fixtures/tokenVerifierFixture.js';
import type { TokenVerifier } from './createTokenVerifier.js';

// createTokenVerifier with asymmetric keys: a public key file (PEM) and a JWKS file.

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'tandem-auth-verify-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function pemFile(name: string, pem: string): Promise<string> {
  const path = join(dir, name);
  await writeFile(path, pem);
  return path;
}

describe('public key file', () => {
  it('verifies EdDSA tokens against an Ed25519 PEM', async () => {
    const verifier = await verifierFor({ authPublicKeyFile: await pemFile('ed.pem', ed.publicKey) });
    const privateKey = await importPKCS8(ed.privateKey, 'EdDSA');
    expect(await verifier.verify(await sign(privateKey, 'EdDSA'), 'team-a')).toMatchObject({ ok: true, access: 'write' });
    expect(await verifier.verify(await sign(privateKey, 'Ed25519'), 'team-a')).toMatchObject({ ok: true, access: 'write' });
    const stranger = await sign(await importPKCS8(edStranger.privateKey, 'EdDSA'), 'EdDSA');
    expect(await verifier.verify(stranger, 'team-a')).toEqual(denied(401, 'bad token signature'));
    const rs = await sign(await importPKCS8(rsa.privateKey, 'RS256'), 'RS256');
    expect(await verifier.verify(rs, 'team-a')).toEqual(denied(401, 'token algorithm not allowed'));
  });

  it('answers 401, never throws, for garbage against an RSA PEM', async () => {
    await expectGarbageRejected(await verifierFor({ authPublicKeyFile: await pemFile('rsa-fuzz.pem', rsa.publicKey) }));
  });

  it('verifies RS256 tokens against an RSA PEM', async () => {
    const verifier = await verifierFor({ authPublicKeyFile: await pemFile('rsa.pem', rsa.publicKey) });
    const privateKey = await importPKCS8(rsa.privateKey, 'RS256');
    expect(await verifier.verify(await sign(privateKey, 'RS256'), 'handbook')).toMatchObject({ ok: true, access: 'read' });
    expect(await verifier.verify(await sign(privateKey, 'RS256'), 'payroll')).toEqual(denied(403, /no access/));
    const expired = await sign(privateKey, 'RS256', { ...CLAIMS, exp: now() - 60 });
    expect(await verifier.verify(expired, 'handbook')).toEqual(denied(401, 'token expired'));
  });

  it('rejects algorithm confusion: HS256 signed with the public key text', async () => {
    const verifier = await verifierFor({ authPublicKeyFile: await pemFile('rsa2.pem', rsa.publicKey) });
    for (const secret of [rsa.publicKey, rsa.publicKey.trim()]) {
      const confused = await sign(new TextEncoder().encode(secret), 'HS256');
      expect(await verifier.verify(confused, 'handbook')).toEqual(denied(401, 'token algorithm not allowed'));
    }
  });
});

describe('JWKS file', () => {
  async function jwksVerifier(name: string, keys: object[]): Promise<TokenVerifier> {
    return verifierFor({ authJwksFile: await pemFile(name, JSON.stringify({ keys })) });
  }
  const jwkOf = async (pem: string, alg: string) => exportJWK(await importSPKI(pem, alg, { extractable: true }));

  it('verifies EdDSA and RS256 tokens by kid', async () => {
    const verifier = await jwksVerifier('kid.json', [
      { ...(await jwkOf(ed.publicKey, 'EdDSA')), kid: 'ed-1' },
      { ...(await jwkOf(rsa.publicKey, 'RS256')), kid: 'rsa-1' },
    ]);
    const edToken = await sign(await importPKCS8(ed.privateKey, 'EdDSA'), 'EdDSA', CLAIMS, { kid: 'ed-1' });
    const rsToken = await sign(await importPKCS8(rsa.privateKey, 'RS256'), 'RS256', CLAIMS, { kid: 'rsa-1' });
    expect(await verifier.verify(edToken, 'team-x')).toMatchObject({ ok: true, access: 'write' });
    expect(await verifier.verify(rsToken, 'handbook')).toMatchObject({ ok: true, access: 'read' });
    const unknownKid = await sign(await importPKCS8(ed.privateKey, 'EdDSA'), 'EdDSA', CLAIMS, { kid: 'ed-9' });
    expect(await verifier.verify(unknownKid, 'team-x')).toEqual(denied(401, 'no configured key matches the token'));
    const hs = await sign(secretKey(), 'HS256');
    expect(await verifier.verify(hs, 'team-x')).toEqual(denied(401, 'token algorithm not allowed'));
  });

  it('answers 401, never throws, for garbage against a key set', async () => {
    await expectGarbageRejected(
      await jwksVerifier('fuzz.json', [
        await jwkOf(ed.publicKey, 'EdDSA'),
        await jwkOf(ed2.publicKey, 'EdDSA'),
        await jwkOf(rsa.publicKey, 'RS256'),
      ]),
    );
  });

  it('tries every matching key when tokens carry no kid (key rotation)', async () => {
    const verifier = await jwksVerifier('rotation.json', [await jwkOf(ed.publicKey, 'EdDSA'), await jwkOf(ed2.publicKey, 'EdDSA')]);
    const oldToken = await sign(await importPKCS8(ed.privateKey, 'EdDSA'), 'EdDSA');
    const newToken = await sign(await importPKCS8(ed2.privateKey, 'EdDSA'), 'EdDSA');
    expect(await verifier.verify(oldToken, 'handbook')).toMatchObject({ ok: true, access: 'read' });
    expect(await verifier.verify(newToken, 'handbook')).toMatchObject({ ok: true, access: 'read' });
    const stranger = await sign(await importPKCS8(edStranger.privateKey, 'EdDSA'), 'EdDSA');
    expect(await verifier.verify(stranger, 'handbook')).toEqual(denied(401, 'bad token signature'));
    const expired = await sign(await importPKCS8(ed2.privateKey, 'EdDSA'), 'EdDSA', { ...CLAIMS, exp: now() - 60 });
    expect(await verifier.verify(expired, 'handbook')).toEqual(denied(401, 'token expired'));
  });
});
