import { createHash } from 'node:crypto';
import { type DocsClaim, parseDocsClaim } from '@tandem/tokens';
import { API_KEY_PREFIX, type ApiKeyEntry, type ApiKeyScope } from '../config/apiConfig.js';

/** A configured API key, as a request presents it. */
export interface ApiKey {
  id: string;
  scopes: ReadonlySet<ApiKeyScope>;
  /** The documents it reaches, in the form of a token's `docs` claim. */
  docs: DocsClaim;
}

/** Keys are compared by their SHA-256, so the config holds no usable key. */
export class ApiKeys {
  private readonly byHash = new Map<string, ApiKey>();

  constructor(entries: readonly ApiKeyEntry[] | null) {
    for (const entry of entries ?? []) {
      const claim = parseDocsClaim(Object.fromEntries(entry.docs.map((pattern) => [pattern, 'write'])));
      if (!claim.ok) throw new Error(`API key ${entry.id}: ${claim.reason}`);
      this.byHash.set(entry.sha256, { id: entry.id, scopes: new Set(entry.scopes), docs: claim.claim });
    }
  }

  /** True when `bearer` has the shape of an API key (and is no token). */
  static looksLikeKey(bearer: string): boolean {
    return bearer.startsWith(API_KEY_PREFIX);
  }

  /** The key `presented` is, or null when no configured key has its hash. */
  find(presented: string): ApiKey | null {
    return this.byHash.get(createHash('sha256').update(presented).digest('hex')) ?? null;
  }
}
