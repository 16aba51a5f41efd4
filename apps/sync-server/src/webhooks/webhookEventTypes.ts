/** Every event a webhook endpoint can receive (see the README's "Webhooks"). */
export const WEBHOOK_EVENT_TYPES = [
  'document.created',
  'document.updated',
  'document.deleted',
  'document.restored',
  'document.purged',
  'version.created',
  'version.restored',
] as const;

export type WebhookEventType = (typeof WEBHOOK_EVENT_TYPES)[number];

/** An endpoint's event filter entry: an event type, a family (`document.*`, `version.*`), or `*`. */
export function isEventPattern(pattern: string): boolean {
  if (pattern === '*') return true;
  if (pattern.endsWith('.*')) return WEBHOOK_EVENT_TYPES.some((type) => type.startsWith(pattern.slice(0, -1)));
  return (WEBHOOK_EVENT_TYPES as readonly string[]).includes(pattern);
}

/** True when `type` is one of `patterns`. */
export function eventMatches(patterns: readonly string[], type: WebhookEventType): boolean {
  return patterns.some(
    (pattern) => pattern === '*' || pattern === type || (pattern.endsWith('.*') && type.startsWith(pattern.slice(0, -1))),
  );
}
