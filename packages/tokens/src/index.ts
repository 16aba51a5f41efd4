/**
 * `@tandem/tokens`: what a token issuer and the sync server share (browser-, edge- and Node-safe:
 * jose and pure functions only). Sign HS256 tokens with the server's `authSecret`, or read a `docs`
 * claim the same way the server does.
 */
export { accessForDoc, type DocAccess, type DocsClaim, type ParsedDocsClaim, parseDocsClaim } from './docsClaim.js';
export { type SignTokenOptions, signToken } from './signToken.js';
