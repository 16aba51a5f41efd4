import * as z from 'zod';
import { isEventPattern } from '../webhooks/webhookEventTypes.js';
import { field, integer, seconds } from './configField.js';
import type { ConfigProblem } from './configProblem.js';

const DAY_SEC = 24 * 60 * 60;

/** Standard Webhooks secrets: `whsec_` and the base64 of 24 to 64 random bytes. */
export const WEBHOOK_SECRET_PREFIX = 'whsec_';
const base64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

const secret = z.string().superRefine((value, ctx) => {
  // Never the value itself in a message: it is a secret.
  if (!value.startsWith(WEBHOOK_SECRET_PREFIX)) {
    ctx.addIssue({ code: 'custom', message: `must start with "${WEBHOOK_SECRET_PREFIX}" (Standard Webhooks form: whsec_ and base64)` });
    return;
  }
  const encoded = value.slice(WEBHOOK_SECRET_PREFIX.length);
  const bytes = Buffer.from(encoded, 'base64').byteLength;
  if (!base64.test(encoded) || encoded.length === 0) ctx.addIssue({ code: 'custom', message: 'is not base64 after "whsec_"' });
  else if (bytes < 24 || bytes > 64) ctx.addIssue({ code: 'custom', message: `must decode to 24..64 bytes (got ${bytes})` });
});

const endpointEntry = z.strictObject({
  /** Names the endpoint in the API (`/api/webhooks/<id>`), logs and metrics. */
  id: z.string().regex(/^[A-Za-z0-9_.-]{1,64}$/, 'must be 1-64 characters of A-Z a-z 0-9 _ . -'),
  url: z
    .string()
    .url('must be an absolute http(s) URL')
    .refine((url) => URL.canParse(url) && /^https?:$/.test(new URL(url).protocol), 'must be an http or https URL'),
  /** One secret, or several while rotating: every delivery is signed with each. */
  secret: z.union([secret, z.array(secret).min(1, 'must hold at least one secret').max(8, 'holds at most 8 secrets')]),
  events: z
    .array(z.string().refine(isEventPattern, 'must be an event type (document.updated, …), a family (document.*, version.*) or *'))
    .min(1)
    .default(['*']),
  docs: z
    .array(z.string().regex(/^([^*]{1,200}\*?|\*)$/, 'must be a document name, or a prefix ending in "*"'))
    .min(1)
    .default(['*']),
});

/** One configured webhook endpoint, its secrets as a list (read again, the list is accepted as it is). */
export type WebhookEndpointConfig = Omit<z.output<typeof endpointEntry>, 'secret'> & { secret: string[] };

const endpointList = z.array(endpointEntry).nullable();
const endpointsExpected = 'a JSON array of endpoints like [{"id":"search","url":"https://…","secret":"whsec_…"}]';

/** The `webhooks` value: a list (or its JSON text, from the environment), each problem named by its place. */
const webhookEndpoints = () => ({
  schema: z.unknown().transform((value, ctx): WebhookEndpointConfig[] | null => {
    if (typeof value === 'string') {
      ctx.addIssue({ code: 'custom', message: `is not JSON: expected ${endpointsExpected}` });
      return z.NEVER;
    }
    const parsed = endpointList.safeParse(value);
    if (!parsed.success) {
      const [issue] = parsed.error.issues;
      const where = issue === undefined || issue.path.length === 0 ? 'value' : `endpoint ${issue.path.join('.')}`;
      ctx.addIssue({ code: 'custom', message: `${where}: ${issue?.message ?? 'invalid'}` });
      return z.NEVER;
    }
    if (parsed.data === null) return null;
    const ids = new Set<string>();
    for (const endpoint of parsed.data) {
      if (ids.has(endpoint.id)) {
        ctx.addIssue({ code: 'custom', message: `two endpoints have the id ${JSON.stringify(endpoint.id)}` });
        return z.NEVER;
      }
      ids.add(endpoint.id);
    }
    return parsed.data.map((endpoint) => ({
      ...endpoint,
      secret: typeof endpoint.secret === 'string' ? [endpoint.secret] : endpoint.secret,
    }));
  }),
  expected: `${endpointsExpected}, or null for none`,
  fromText: (raw: string) => {
    try {
      return JSON.parse(raw);
    } catch {
      return raw;
    }
  },
});

/** Delays between attempts, in seconds: a list, or comma-separated text. */
const retrySchedule = () => ({
  schema: z.preprocess(
    (value) =>
      typeof value === 'string' ? value.split(',').map((part) => (/^\s*\d+(\.\d+)?\s*$/.test(part) ? Number(part) : part)) : value,
    z
      .array(z.number())
      .readonly()
      .superRefine((delays, ctx) => {
        const problem =
          delays.length === 0
            ? 'must hold at least one delay'
            : delays.length > 50
              ? `holds at most 50 delays (got ${delays.length})`
              : delays.some((delay) => delay < 0.01 || delay > 7 * DAY_SEC)
                ? 'each delay must be from 0.01 s to 7 days'
                : null;
        if (problem !== null) ctx.addIssue({ code: 'custom', message: problem });
      }),
  ),
  expected: 'comma-separated delays in seconds, e.g. 5,30,120',
  fromText: (raw: string) => raw,
});

/** Webhooks: where events go, how `document.updated` is debounced, how deliveries are retried. */
export const webhookFields = {
  webhooks: field(
    webhookEndpoints(),
    null,
    'Webhook endpoints: a JSON array of {"id", "url", "secret" (whsec_…, or a list while rotating), "events" (default ["*"]), "docs" (names or prefixes*, default ["*"])}.',
    { secret: true },
  ),
  webhookDebounceMs: field(
    integer(0, 600_000),
    3000,
    'Send document.updated once a document has had no change for this long (changes anywhere in a cluster count).',
  ),
  webhookMaxWaitMs: field(integer(0, 3_600_000), 30_000, '...or at the latest this long after the first change not sent yet.'),
  webhookRetrySchedule: field(
    retrySchedule(),
    Object.freeze([5, 30, 120, 600, 1800, 3600, 7200, 14_400, 28_800, 43_200]),
    'Delays in seconds before each retry of a failed delivery (±10% jitter); after the last one it is given up (a replay can send it again).',
  ),
  webhookTimeoutMs: field(
    integer(100, 120_000),
    10_000,
    'Time an endpoint has to answer one delivery with a 2xx; longer is a failed attempt.',
  ),
  webhookDisableAfterSec: field(
    seconds(0.1, 365 * DAY_SEC),
    5 * DAY_SEC,
    'Disable an endpoint whose every attempt failed for this long (log line, metric); re-enable it with POST /api/webhooks/<id>/enable.',
  ),
  webhookLogRetentionSec: field(
    seconds(60, 365 * DAY_SEC),
    7 * DAY_SEC,
    'Keep delivered and given-up deliveries and their attempts this long, for the delivery log and replays.',
  ),
};

const webhookObject = z.object(webhookFields);
export type WebhookConfig = z.output<typeof webhookObject>;

/** Rules across keys: the maximum wait is the longer. */
export function webhookProblems(config: WebhookConfig): ConfigProblem[] {
  if (config.webhookMaxWaitMs >= config.webhookDebounceMs) return [];
  return [
    {
      key: 'webhookMaxWaitMs',
      problem: `must be at least webhookDebounceMs (${config.webhookDebounceMs}): it bounds how long the debounce may wait (got ${config.webhookMaxWaitMs})`,
    },
  ];
}
