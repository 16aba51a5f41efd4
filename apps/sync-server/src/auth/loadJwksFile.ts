import { type CryptoKey, createLocalJWKSet, importJWK, type JWK, type JWSAlgorithm, type JWTVerifyGetKey } from 'jose';
import { ConfigError } from '../config/configError.js';
import { MIN_RSA_BITS } from './loadPublicKeyFile.js';
import { readConfigFile } from './readConfigFile.js';

export interface LoadedJwks {
  keySet: JWTVerifyGetKey;
  keyCount: number;
  /** Union of the `alg` values the set's keys allow (EdDSA/Ed25519 and/or RS256; never HS* or none). */
  algorithms: JWSAlgorithm[];
}

const KEY = 'authJwksFile';
const ED25519_ALGS: JWSAlgorithm[] = ['EdDSA', 'Ed25519'];
const RSA_ALGS: JWSAlgorithm[] = ['RS256'];

/**
 * Load a JSON Web Key Set of public Ed25519 (`kty: "OKP"`, `crv: "Ed25519"`) and RSA (≥ 2048 bit)
 * keys. Every key is imported now, so a bad key fails the start, not the first connection.
 */
export async function loadJwksFile(path: string): Promise<LoadedJwks> {
  const where = JSON.stringify(path);
  const text = await readConfigFile(KEY, path);
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (cause) {
    throw ConfigError.invalid(KEY, `${where} is not valid JSON (${(cause as Error).message})`, { cause });
  }
  const keys = isRecord(parsed) ? parsed.keys : undefined;
  if (!Array.isArray(keys) || keys.length === 0) {
    throw ConfigError.invalid(KEY, `${where} must be a JSON Web Key Set with at least one key: {"keys": [...]}`);
  }
  const algorithms = new Set<JWSAlgorithm>();
  for (const [index, jwk] of keys.entries()) {
    for (const alg of await checkKey(jwk, `${where} keys[${index}]`)) algorithms.add(alg);
  }
  return { keySet: createLocalJWKSet({ keys: keys as JWK[] }), keyCount: keys.length, algorithms: [...algorithms] };
}

async function checkKey(jwk: unknown, where: string): Promise<JWSAlgorithm[]> {
  if (!isRecord(jwk)) throw ConfigError.invalid(KEY, `${where} is not a JSON object`);
  if ('d' in jwk || 'k' in jwk) {
    throw ConfigError.invalid(KEY, `${where} holds private or secret key material; publish public keys only`);
  }
  let allowed: JWSAlgorithm[];
  if (jwk.kty === 'OKP' && jwk.crv === 'Ed25519') allowed = ED25519_ALGS;
  else if (jwk.kty === 'RSA') allowed = RSA_ALGS;
  else {
    const kind = `kty ${JSON.stringify(jwk.kty)}${jwk.crv === undefined ? '' : `, crv ${JSON.stringify(jwk.crv)}`}`;
    throw ConfigError.invalid(KEY, `${where} has an unsupported key (${kind}); use Ed25519 (OKP) or RSA`);
  }
  if (jwk.use !== undefined && jwk.use !== 'sig') {
    throw ConfigError.invalid(KEY, `${where} has "use": ${JSON.stringify(jwk.use)}; signature keys need "sig"`);
  }
  if (jwk.alg !== undefined && !allowed.includes(jwk.alg as JWSAlgorithm)) {
    throw ConfigError.invalid(KEY, `${where} has "alg": ${JSON.stringify(jwk.alg)}; allowed: ${allowed.join(', ')}`);
  }
  const alg = typeof jwk.alg === 'string' ? jwk.alg : allowed[0];
  let key: CryptoKey | Uint8Array;
  try {
    key = await importJWK(jwk as JWK, alg);
  } catch (cause) {
    throw ConfigError.invalid(KEY, `${where} cannot be imported (${(cause as Error).message})`, { cause });
  }
  if (key instanceof Uint8Array || key.type !== 'public') {
    throw ConfigError.invalid(KEY, `${where} is not a public key`);
  }
  const bits = (key.algorithm as { modulusLength?: number }).modulusLength;
  if (jwk.kty === 'RSA' && (bits === undefined || bits < MIN_RSA_BITS)) {
    throw ConfigError.invalid(KEY, `${where} is an RSA key of ${bits ?? '?'} bits; at least ${MIN_RSA_BITS} are required`);
  }
  return jwk.alg === undefined ? allowed : [jwk.alg as JWSAlgorithm];
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
