import type { AuthConfig } from '../config/authConfig.js';

export interface AuthModeDescription {
  mode: 'open' | 'required';
  /** `warn` in open mode: the start-up log line must stand out. */
  level: 'warn' | 'info';
  message: string;
}

/** The start-up log line describing how connections are authenticated. */
export function describeAuthMode(config: AuthConfig): AuthModeDescription {
  if (config.authSecret !== null) {
    return { mode: 'required', level: 'info', message: 'auth required: HS256 tokens signed with the shared secret (authSecret)' };
  }
  if (config.authPublicKeyFile !== null) {
    return {
      mode: 'required',
      level: 'info',
      message: `auth required: EdDSA/RS256 tokens verified with the public key in ${config.authPublicKeyFile}`,
    };
  }
  if (config.authJwksFile !== null) {
    return {
      mode: 'required',
      level: 'info',
      message: `auth required: EdDSA/RS256 tokens verified with the key set in ${config.authJwksFile}`,
    };
  }
  return {
    mode: 'open',
    level: 'warn',
    message:
      'OPEN MODE: no auth key configured, so anyone who can reach this server can read and write every document. ' +
      'Fine for local use only. To require tokens set AUTH_SECRET, AUTH_PUBLIC_KEY_FILE or AUTH_JWKS_FILE, ' +
      'and AUTH_REQUIRED=true so the server refuses to start without a key.',
  };
}
