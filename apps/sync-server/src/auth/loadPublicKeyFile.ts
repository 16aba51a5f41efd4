import { createPublicKey, type KeyObject } from 'node:crypto';
import { type CryptoKey, importSPKI, type JWSAlgorithm } from 'jose';
import { ConfigError } from '../config/configError.js';
import { readConfigFile } from './readConfigFile.js';

export interface LoadedPublicKey {
  key: CryptoKey;
  keyType: 'ed25519' | 'rsa';
  /** The only `alg` values a token may carry for this key (pinned: no HS*, no `none`). */
  algorithms: JWSAlgorithm[];
}

const KEY = 'authPublicKeyFile';
export const MIN_RSA_BITS = 2048;

/** Load a PEM SPKI public key: Ed25519 (EdDSA) or RSA of at least 2048 bits (RS256). */
export async function loadPublicKeyFile(path: string): Promise<LoadedPublicKey> {
  const pem = await readConfigFile(KEY, path);
  if (/-----BEGIN [A-Z0-9 ]*PRIVATE KEY-----/.test(pem)) {
    throw ConfigError.invalid(KEY, `${JSON.stringify(path)} holds a private key; give the server the public key only`);
  }
  if (!pem.includes('-----BEGIN PUBLIC KEY-----')) {
    throw ConfigError.invalid(
      KEY,
      `${JSON.stringify(path)} is not a PEM SPKI public key (expected "-----BEGIN PUBLIC KEY-----"; convert with \`openssl pkey -pubin -in key.pem -out public.pem\`)`,
    );
  }
  let keyObject: KeyObject;
  try {
    keyObject = createPublicKey(pem);
  } catch (cause) {
    throw ConfigError.invalid(KEY, `cannot parse the public key in ${JSON.stringify(path)} (${(cause as Error).message})`, {
      cause,
    });
  }
  const spki = keyObject.export({ type: 'spki', format: 'pem' }).toString();
  const type = keyObject.asymmetricKeyType;
  if (type === 'ed25519') {
    return { key: await importSPKI(spki, 'EdDSA'), keyType: 'ed25519', algorithms: ['EdDSA', 'Ed25519'] };
  }
  if (type === 'rsa') {
    const bits = keyObject.asymmetricKeyDetails?.modulusLength ?? 0;
    if (bits < MIN_RSA_BITS) {
      throw ConfigError.invalid(KEY, `RSA key in ${JSON.stringify(path)} has ${bits} bits; at least ${MIN_RSA_BITS} are required`);
    }
    return { key: await importSPKI(spki, 'RS256'), keyType: 'rsa', algorithms: ['RS256'] };
  }
  throw ConfigError.invalid(
    KEY,
    `unsupported key type ${JSON.stringify(type)} in ${JSON.stringify(path)}; use Ed25519 (EdDSA) or RSA (RS256)`,
  );
}
