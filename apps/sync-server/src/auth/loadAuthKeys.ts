import type { CryptoKey, JWSAlgorithm, JWTVerifyGetKey } from 'jose';
import type { AuthConfig } from '../config/authConfig.js';
import { loadJwksFile } from './loadJwksFile.js';
import { loadPublicKeyFile } from './loadPublicKeyFile.js';

/** The verification key material, loaded once at start. Each variant pins its `alg` values. */
export type AuthKeys =
  | { kind: 'none' }
  | { kind: 'secret'; key: Uint8Array; algorithms: JWSAlgorithm[] }
  | { kind: 'publicKey'; key: CryptoKey; keyType: 'ed25519' | 'rsa'; file: string; algorithms: JWSAlgorithm[] }
  | { kind: 'jwks'; keySet: JWTVerifyGetKey; keyCount: number; file: string; algorithms: JWSAlgorithm[] };

/**
 * Load the key source named by a validated `AuthConfig` (see `configSchema`). Rejects with a
 * `ConfigError` naming the config key when a file is missing, unparsable or holds a key of the
 * wrong kind.
 */
export async function loadAuthKeys(config: AuthConfig): Promise<AuthKeys> {
  if (config.authSecret !== null) {
    return { kind: 'secret', key: new TextEncoder().encode(config.authSecret), algorithms: ['HS256'] };
  }
  if (config.authPublicKeyFile !== null) {
    const loaded = await loadPublicKeyFile(config.authPublicKeyFile);
    return { kind: 'publicKey', file: config.authPublicKeyFile, ...loaded };
  }
  if (config.authJwksFile !== null) {
    const loaded = await loadJwksFile(config.authJwksFile);
    return { kind: 'jwks', file: config.authJwksFile, ...loaded };
  }
  return { kind: 'none' };
}
