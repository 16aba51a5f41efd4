import type { LimitsConfig } from '../config/limitsConfig.js';
import { originMatches, parseOrigin, parseOriginPattern } from './originPattern.js';

export type OriginPolicy = Pick<LimitsConfig, 'allowedOrigins' | 'allowMissingOrigin'>;

/**
 * Whether a WebSocket upgrade with this `Origin` header may proceed. Browsers always send Origin
 * on WebSocket requests, and browsers are where the check matters (a page on another site opening
 * a socket to this server with the user's network position). Non-browser clients send none, and
 * could forge one anyway; `allowMissingOrigin` decides whether they are let in. A malformed origin
 * (including the opaque `null`) matches only `*`.
 * Patterns are validated at start (`configSchema`); an invalid one here throws.
 */
export function originAllowed(origin: string | undefined, policy: OriginPolicy): boolean {
  if (origin === undefined) return policy.allowMissingOrigin;
  const patterns = policy.allowedOrigins.map(parseOriginPattern);
  const parsed = parseOrigin(origin.trim());
  if (parsed === null) return patterns.some((pattern) => pattern.kind === 'any');
  return patterns.some((pattern) => originMatches(parsed, pattern));
}
