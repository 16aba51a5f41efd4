import { createHmac } from 'node:crypto';
import { signToken } from '@tandem/sync-server';
import { Webhook } from 'standardwebhooks';
import { describe, expect, it } from 'vitest';
import { apiClient, docPath, field, makeApiKey } from '../documents-api/apiClient.js';
import { paragraphs } from '../history/paragraphs.js';
import { connectClient, newWebhookSecret, type ReceivedWebhook, startServer, startWebhookReceiver, waitFor } from '../src/helpers/index.js';

const SECRET = 'webhook-events-test-secret-0123456789abcdefgh';
const writer = makeApiKey('writer', ['docs:read', 'docs:write', 'docs:delete']);
const admin = makeApiKey('ops', ['admin']);

const typesOf = (deliveries: ReceivedWebhook[]) => deliveries.map((delivery) => delivery.event.type);

describe('webhook events', () => {
  it('sends created, debounced updated (numbers, authors, blocks), versions, deleted and restored, signed per the spec, filtered per endpoint', async () => {
    const all = await startWebhookReceiver();
    // The second endpoint is mid-rotation: signed with its old and its new secret; its receiver knows only the new one.
    const oldSecret = newWebhookSecret();
    const team = await startWebhookReceiver();
    const server = await startServer({
      config: {
        authSecret: SECRET,
        apiKeys: [writer.entry, admin.entry] as never,
        versionPauseMs: 0,
        webhookDebounceMs: 400,
        webhookMaxWaitMs: 5000,
        webhooks: [
          { id: 'all', url: all.url, secret: all.secret },
          { id: 'team', url: team.url, secret: [oldSecret, team.secret], events: ['document.*'], docs: ['team-*'] },
        ] as never,
      },
    });
    const call = apiClient(server.httpUrl);
    const token = (sub: string) => signToken({ secret: SECRET, sub, docs: { '*': 'write' }, expiresIn: '10m' });
    const name = 'team-plan';

    const created = await call('POST', `/api/docs?name=${name}&title=Plan`, {
      auth: writer.key,
      body: 'First\n\nSecond',
      contentType: 'text/markdown',
    });
    expect(created.status).toBe(201);
    const createdEvent = await waitFor(() => all.eventsOf(name)[0], { message: 'document.created arrives' });
    expect(createdEvent.event).toMatchObject({
      type: 'document.created',
      data: { name, title: 'Plan', fromSeq: 1, toSeq: field<number>(created, 'seq'), authors: ['apikey:writer'], blocksChanged: 2 },
    });

    // Two people type in the two paragraphs: one event once they pause, with both of them.
    const ada = connectClient(server.wsUrl, name, { params: { token: await token('ada') } });
    const bob = connectClient(server.wsUrl, name, { params: { token: await token('bob') } });
    await Promise.all([ada.synced(), bob.synced()]);
    for (const char of 'abc') {
      paragraphs(ada.doc).type(0, char);
      paragraphs(bob.doc).type(1, char.toUpperCase());
    }
    const updated = await waitFor(() => all.eventsOf(name)[1], { message: 'document.updated arrives' });
    const seqAfterTyping = (await server.store.getMeta(name))?.seq ?? 0;
    expect(updated.event).toMatchObject({
      type: 'document.updated',
      data: { name, fromSeq: field<number>(created, 'seq') + 1, toSeq: seqAfterTyping, blocksChanged: 2, titleChanged: false },
    });
    expect(new Set(updated.event.data.authors as string[])).toEqual(new Set(['ada', 'bob']));
    // Debounced: one event for the six keystrokes of each of them.
    expect(all.eventsOf(name)).toHaveLength(2);

    const version = await call('POST', docPath(name, '/versions'), { auth: await token('ada'), body: { name: 'Draft' } });
    expect(version.status).toBe(201);
    await waitFor(() => all.eventsOf(name).length === 3, { message: 'version.created arrives' });
    expect(all.eventsOf(name)[2]?.event).toMatchObject({
      type: 'version.created',
      data: { name, seq: seqAfterTyping, kind: 'named', versionName: 'Draft', createdBy: 'ada' },
    });

    // A last keystroke, then the deletion at once: its update goes out first, then the deletion.
    paragraphs(ada.doc).type(0, '!');
    await waitFor(async () => ((await server.store.getMeta(name))?.seq ?? 0) > seqAfterTyping, { message: 'the keystroke is stored' });
    expect((await call('DELETE', docPath(name), { auth: writer.key })).status).toBe(200);
    expect((await call('POST', docPath(name, '/restore'), { auth: writer.key })).status).toBe(200);
    await waitFor(() => all.eventsOf(name).length === 6, { message: 'updated, deleted and restored arrive' });
    expect(typesOf(all.eventsOf(name))).toEqual([
      'document.created',
      'document.updated',
      'version.created',
      'document.updated',
      'document.deleted',
      'document.restored',
    ]);
    expect(all.eventsOf(name)[3]?.event.data).toMatchObject({ fromSeq: seqAfterTyping + 1, authors: ['ada'], blocksChanged: 1 });
    expect(all.eventsOf(name)[4]?.event.data).toMatchObject({ name, title: 'Plan', deletedBy: 'apikey:writer' });
    expect(all.eventsOf(name)[5]?.event.data).toMatchObject({ name, restoredBy: 'apikey:writer' });

    // A document outside the second endpoint's filter reaches only the first.
    expect((await call('POST', '/api/docs?name=notes', { auth: writer.key, body: 'x', contentType: 'text/plain' })).status).toBe(201);
    await waitFor(() => all.eventsOf('notes').length === 1, { message: 'notes created' });

    // The second endpoint got the document events of team-* only, verified with its new secret alone.
    await waitFor(() => team.received.length === 5, { message: 'the team endpoint gets its five events' });
    expect(typesOf(team.received)).toEqual(typesOf(all.eventsOf(name)).filter((type) => type.startsWith('document.')));
    expect(team.received.map((delivery) => delivery.id)).toEqual(
      all
        .eventsOf(name)
        .filter((delivery) => delivery.event.type.startsWith('document.'))
        .map((delivery) => delivery.id),
    );
    for (const delivery of team.received) expect(delivery.signature.split(' ')).toHaveLength(2);
    expect(() => new Webhook(oldSecret).verify(team.received[0]?.body ?? '', headersOf(team.received[0]))).not.toThrow();
    expect(all.rejected).toEqual([]);
    expect(team.rejected).toEqual([]);

    // The signature is exactly the spec's: base64 HMAC-SHA256 of "id.timestamp.body" under the decoded secret.
    const sample = all.received[0] as ReceivedWebhook;
    const key = Buffer.from(all.secret.slice('whsec_'.length), 'base64');
    const expected = createHmac('sha256', key).update(`${sample.id}.${sample.timestamp}.${sample.body}`).digest('base64');
    expect(sample.signature).toBe(`v1,${expected}`);
    expect(sample.id).toMatch(/^evt_[a-z2-7]{26}$/);
    expect(Math.abs(sample.timestamp * 1000 - sample.wallAt)).toBeLessThan(5000);
    expect(new Set(all.received.map((delivery) => delivery.id)).size).toBe(all.received.length);

    // The delivery log: every attempt delivered, with its status and duration.
    type Attempt = { delivered: boolean; statusCode: number; durationMs: number; eventId: string };
    // The receiver answers before the attempt is recorded: wait for the last record.
    const attempts = await waitFor(async () => {
      const recorded = field<Attempt[]>(await call('GET', '/api/webhooks/all/attempts', { auth: admin.key }), 'attempts');
      return recorded.length === all.received.length ? recorded : null;
    });
    expect(attempts.every((attempt) => attempt.delivered && attempt.statusCode === 204 && attempt.durationMs >= 0)).toBe(true);
  });
});

function headersOf(delivery: ReceivedWebhook | undefined): Record<string, string> {
  return {
    'webhook-id': delivery?.id ?? '',
    'webhook-timestamp': String(delivery?.timestamp ?? 0),
    'webhook-signature': delivery?.signature ?? '',
  };
}
