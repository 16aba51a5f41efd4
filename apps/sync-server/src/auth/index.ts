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
export { type AuthKeys, loadAuthKeys } from './loadAuthKeys.js';
export * from '../tokens.js';
