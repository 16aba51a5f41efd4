import type { OutboxEntry } from '@tandem/persistence';
import type { WebhookEndpoint } from './webhookEndpoints.js';
import type { AttemptResult } from './webhookMetrics.js';

/** How one POST to an endpoint went. */
export interface AttemptOutcome {
  delivered: boolean;
  result: AttemptResult;
  statusCode: number | null;
  error: string | null;
  durationMs: number;
}

/** The attempt was stopped by `stop` (the node shutting down): nothing is known of its outcome. */
export class AttemptStopped extends Error {
  override readonly name = 'AttemptStopped';
}

/** The first bytes of an answer, for the delivery log (the rest is not read). */
async function answerStart(response: Response, maxBytes: number): Promise<string> {
  const reader = response.body?.getReader();
  if (reader === undefined) return '';
  const chunks: Uint8Array[] = [];
  let length = 0;
  while (length < maxBytes) {
    const { done, value } = await reader.read();
    if (done) break;
    chunks.push(value);
    length += value.byteLength;
  }
  await reader.cancel().catch(() => {});
  return Buffer.concat(chunks).subarray(0, maxBytes).toString('utf8').replace(/\s+/g, ' ').trim();
}

/** What failed, from an error of fetch: its cause's code (ECONNREFUSED, ENOTFOUND, …) when there is one. */
function describeNetworkError(error: unknown): string {
  const cause = (error as { cause?: { code?: unknown; message?: unknown } }).cause;
  if (typeof cause?.code === 'string') return `could not reach the endpoint: ${cause.code}`;
  return `could not reach the endpoint: ${typeof cause?.message === 'string' ? cause.message : (error as Error).message}`;
}

/**
 * One delivery attempt: POST the entry's body to the endpoint with the Standard Webhooks headers
 * (signed now), no redirects followed, within `timeoutMs` for the whole answer. A 2xx delivers;
 * anything else (another status, no answer in time, no connection) is a failed attempt.
 */
export async function postWebhook(
  endpoint: WebhookEndpoint,
  entry: OutboxEntry,
  timeoutMs: number,
  stop: AbortSignal,
): Promise<AttemptOutcome> {
  const timeout = AbortSignal.timeout(timeoutMs);
  const started = performance.now();
  const elapsed = () => Math.round((performance.now() - started) * 10) / 10;
  try {
    const response = await fetch(endpoint.url, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'user-agent': 'Tandem-Webhooks/1',
        ...endpoint.signer.sign(entry.eventId, new Date(), entry.payload),
      },
      body: entry.payload,
      redirect: 'manual',
      signal: AbortSignal.any([timeout, stop]),
    });
    const answer = await answerStart(response, 512);
    const delivered = response.status >= 200 && response.status < 300;
    return {
      delivered,
      result: delivered ? 'delivered' : 'http_error',
      statusCode: response.status,
      error: delivered ? null : `answered ${response.status}${answer === '' ? '' : `: ${answer.slice(0, 200)}`}`,
      durationMs: elapsed(),
    };
  } catch (error) {
    if (stop.aborted) throw new AttemptStopped('the delivery attempt was stopped', { cause: error });
    if (timeout.aborted)
      return { delivered: false, result: 'timeout', statusCode: null, error: `no answer within ${timeoutMs} ms`, durationMs: elapsed() };
    return { delivered: false, result: 'network_error', statusCode: null, error: describeNetworkError(error), durationMs: elapsed() };
  }
}
