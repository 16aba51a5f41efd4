import { createHmac, randomBytes } from 'node:crypto';
import { Webhook } from 'standardwebhooks';
import { describe, expect, it } from 'vitest';
import { WebhookSigner } from './webhookSigner.js';

const secret = () => `whsec_${randomBytes(32).toString('base64')}`;

describe('WebhookSigner', () => {
  it('signs as the Standard Webhooks spec says: v1, base64 HMAC-SHA256 of id.timestamp.body under the decoded secret', () => {
    const key = secret();
    const at = new Date('2025-06-01T12:00:00.750Z');
    const body = '{"type":"document.updated","data":{"name":"ü"}}';
    const headers = new WebhookSigner([key]).sign('evt_abc', at, body);
    const expected = createHmac('sha256', Buffer.from(key.slice(6), 'base64'))
      .update(`evt_abc.1748779200.${body}`)
      .digest('base64');
    expect(headers).toEqual({ 'webhook-id': 'evt_abc', 'webhook-timestamp': '1748779200', 'webhook-signature': `v1,${expected}` });
  });

  it('signs with every secret while rotating, so a receiver with either verifies', () => {
    const [oldKey, newKey] = [secret(), secret()];
    const body = '{"type":"document.created"}';
    const headers = new WebhookSigner([oldKey, newKey]).sign('evt_rot', new Date(), body);
    expect(headers['webhook-signature'].split(' ')).toHaveLength(2);
    expect(new Webhook(oldKey).verify(body, { ...headers })).toEqual({ type: 'document.created' });
    expect(new Webhook(newKey).verify(body, { ...headers })).toEqual({ type: 'document.created' });
    expect(() => new Webhook(secret()).verify(body, { ...headers })).toThrow(/No matching signature/);
    expect(() => new Webhook(newKey).verify(`${body} `, { ...headers })).toThrow(/No matching signature/);
  });
});
