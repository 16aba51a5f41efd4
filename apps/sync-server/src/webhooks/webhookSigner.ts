import { Webhook } from 'standardwebhooks';

/** The Standard Webhooks headers of one attempt. */
export interface SignedHeaders {
  'webhook-id': string;
  'webhook-timestamp': string;
  'webhook-signature': string;
}

/**
 * Signs deliveries the way the Standard Webhooks specification says, with the `standardwebhooks`
 * library: `v1,` and the base64 HMAC-SHA256 of `id.timestamp.body` under the base64-decoded secret.
 * With several secrets (a rotation) the signature header holds one signature per secret, separated
 * by spaces, so a receiver that knows either secret verifies it.
 */
export class WebhookSigner {
  private readonly keys: Webhook[];

  constructor(secrets: readonly string[]) {
    if (secrets.length === 0) throw new Error('a webhook signer needs at least one secret');
    this.keys = secrets.map((secret) => new Webhook(secret));
  }

  sign(id: string, at: Date, body: string): SignedHeaders {
    return {
      'webhook-id': id,
      'webhook-timestamp': String(Math.floor(at.getTime() / 1000)),
      'webhook-signature': this.keys.map((key) => key.sign(id, at, body)).join(' '),
    };
  }
}
