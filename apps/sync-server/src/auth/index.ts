export { type AuthConfig, defaultAuthConfig, MIN_SECRET_BYTES, validateAuthConfig } from './authConfig.js';
export { AuthConfigError } from './authConfigError.js';
export {
  type Authentication,
  type AuthDecision,
  type AuthUser,
  createTokenVerifier,
  MAX_TOKEN_LENGTH,
  type TokenVerifier,
  tokenVerifierFromKeys,
} from './createTokenVerifier.js';
export { type AuthModeDescription, describeAuthMode } from './describeAuthMode.js';
export { accessForDoc, type DocAccess, type DocsClaim, type ParsedDocsClaim, parseDocsClaim } from './docsClaim.js';
export { type AuthKeys, loadAuthKeys } from './loadAuthKeys.js';
export { type SignTokenOptions, signToken } from './signToken.js';
