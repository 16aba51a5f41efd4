import * as z from 'zod';
import { field, integer } from './configField.js';

const MiB = 1024 * 1024;
const DAY_SEC = 24 * 60 * 60;

/**
 * What an API key may do: read documents, write into them (create, duplicate, edit), delete and
 * restore them; `admin`: revoke or downgrade users' and tokens' access (`/api/revocations`), manage the
 * webhooks (`/api/webhooks`).
 */
export const API_KEY_SCOPES = ['docs:read', 'docs:write', 'docs:delete', 'admin'] as const;
export type ApiKeyScope = (typeof API_KEY_SCOPES)[number];

/** Keys are random strings with this prefix, so a server can tell one from a token (JWTs start with `eyJ`). */
export const API_KEY_PREFIX = 'tdk_';

const apiKeyEntry = z.strictObject({
  /** Names the key in logs and as the author of what it writes (`apikey:<id>`). */
  id: z.string().regex(/^[A-Za-z0-9_.-]{1,64}$/, 'must be 1-64 characters of A-Z a-z 0-9 _ . -'),
  /** SHA-256 of the key, in hex: the config never holds a usable key. */
  sha256: z
    .string()
    .regex(/^[0-9a-f]{64}$/i, 'must be the key\'s SHA-256 as 64 hex digits (printf %s "$KEY" | sha256sum)')
    .transform((hex) => hex.toLowerCase()),
  scopes: z.array(z.enum(API_KEY_SCOPES)).min(1, 'must name at least one scope'),
  /** Which documents: names, or prefixes ending in `*` (`"*"` alone is every document), as in a token's `docs` claim. */
  docs: z
    .array(z.string().regex(/^([^*]{1,200}\*?|\*)$/, 'must be a document name, or a prefix ending in "*"'))
    .min(1)
    .default(['*']),
});
export type ApiKeyEntry = z.output<typeof apiKeyEntry>;

const apiKeyList = z.array(apiKeyEntry).nullable();

const keysExpected = 'a JSON array of keys like [{"id":"indexer","sha256":"<64 hex>","scopes":["docs:read"]}]';

/** The `apiKeys` value: a list (or its JSON text, from the environment), each problem named by its place. */
const apiKeys = () => ({
  schema: z.unknown().transform((value, ctx): ApiKeyEntry[] | null => {
    if (typeof value === 'string') {
      ctx.addIssue({ code: 'custom', message: `is not JSON: expected ${keysExpected}` });
      return z.NEVER;
    }
    const parsed = apiKeyList.safeParse(value);
    if (!parsed.success) {
      const [issue] = parsed.error.issues;
      const where = issue === undefined || issue.path.length === 0 ? 'value' : `key ${issue.path.join('.')}`;
      ctx.addIssue({ code: 'custom', message: `${where}: ${issue?.message ?? 'invalid'}` });
      return z.NEVER;
    }
    const keys = parsed.data;
    for (const property of ['id', 'sha256'] as const) {
      const seen = new Set<string>();
      for (const key of keys ?? []) {
        if (seen.has(key[property])) {
          ctx.addIssue({ code: 'custom', message: `two keys have the same ${property} ${JSON.stringify(key[property])}` });
          return z.NEVER;
        }
        seen.add(key[property]);
      }
    }
    return keys;
  }),
  expected: `${keysExpected}, or null for none`,
  fromText: (raw: string) => {
    try {
      return JSON.parse(raw);
    } catch {
      return raw;
    }
  },
});

/** The documents API (`/api/docs`): server-to-server keys, request bodies, deleted documents. */
export const apiFields = {
  apiKeys: field(
    apiKeys(),
    null,
    'Server-to-server API keys: a JSON array of {"id", "sha256" (of the key), "scopes" (docs:read, docs:write, docs:delete, admin), "docs" (names or prefixes*, default ["*"])}. Sent as `Authorization: Bearer tdk_…`.',
  ),
  apiMaxBodyBytes: field(
    integer(1024, 256 * MiB),
    8 * MiB,
    'Largest request body the documents API reads (content to create or write); a bigger one gets 413.',
  ),
  deletedDocRetentionSec: field(
    integer(0, 365 * DAY_SEC),
    30 * DAY_SEC,
    'How long a deleted document can be restored (`POST /api/docs/<name>/restore`) before it is purged; 0 deletes at once.',
  ),
  apiKeepDocLoadedMs: field(
    integer(0, 3_600_000),
    10_000,
    'Keep a document loaded this long after a documents API request, so the next one finds it converted; 0 unloads at once.',
  ),
  conversionWorkers: field(
    integer(0, 64),
    0,
    'Worker threads that convert documents for the documents API (reads as JSON/HTML/Markdown/text, imports, live writes), off the event loop; 0: min(2, CPUs - 1), at least 1.',
  ),
  conversionQueueMax: field(
    integer(0, 10_000),
    64,
    'Conversions that may wait for a busy worker; one more is answered 503 with Retry-After.',
  ),
  conversionTimeoutMs: field(
    integer(100, 3_600_000),
    60_000,
    'A conversion running longer is stopped (its worker terminated and replaced) and answered 504.',
  ),
};

const apiObject = z.object(apiFields);
export type ApiConfig = z.output<typeof apiObject>;
