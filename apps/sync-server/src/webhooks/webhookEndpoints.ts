import { accessForDoc, type DocsClaim, parseDocsClaim } from '@tandem/tokens';
import type { WebhookEndpointConfig } from '../config/index.js';
import { eventMatches, type WebhookEventType } from './webhookEventTypes.js';
import { WebhookSigner } from './webhookSigner.js';

/** A configured endpoint, ready to sign for and to match events against. */
export interface WebhookEndpoint {
  id: string;
  url: string;
  events: readonly string[];
  docs: readonly string[];
  /** How many secrets sign each delivery (the secrets themselves never leave the server). */
  secretCount: number;
  signer: WebhookSigner;
  /** The endpoint wants events of this type about this document. */
  wants(type: WebhookEventType, docName: string): boolean;
}

/** The endpoints of the config, by id, in config order. */
export function webhookEndpoints(config: readonly WebhookEndpointConfig[] | null): Map<string, WebhookEndpoint> {
  const endpoints = new Map<string, WebhookEndpoint>();
  for (const entry of config ?? []) {
    const claim = parseDocsClaim(Object.fromEntries(entry.docs.map((pattern) => [pattern, 'read'])));
    if (!claim.ok) throw new Error(`webhook endpoint ${entry.id}: ${claim.reason}`);
    const docs: DocsClaim = claim.claim;
    endpoints.set(entry.id, {
      id: entry.id,
      url: entry.url,
      events: entry.events,
      docs: entry.docs,
      secretCount: entry.secret.length,
      signer: new WebhookSigner(entry.secret),
      wants: (type, docName) => eventMatches(entry.events, type) && accessForDoc(docs, docName) !== null,
    });
  }
  return endpoints;
}
