import type { DocumentStore } from '@tandem/persistence';
import { describe, expect, it } from 'vitest';
import { apiClient, docPath, field } from '../documents-api/apiClient.js';
import { overrideStore, spawnServerProcess, startServer, startWebhookReceiver, waitFor } from '../src/helpers/index.js';
import type { Delivery } from './webhookExpectations.js';

// A single node has no periodic sweep: what a killed process left unannounced is found by the
// sweep at start. If the store cannot answer that sweep (a database still starting, a blip), the
// sweep is tried again until it completes, or those changes would wait for the document's next edit.

/** The real outbox, except that looking for unannounced changes fails the first `failures` times. */
function failingSweeps(store: DocumentStore, failures: number): DocumentStore {
  let left = failures;
  const outbox = new Proxy(store.outbox, {
    get(target, key) {
      if (key === 'behindCursors' && left > 0) {
        left--;
        return () => Promise.reject(new Error('the database is not accepting connections yet'));
      }
      const value: unknown = Reflect.get(target, key, target);
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
  return overrideStore(store, { outbox });
}

describe('the start-up sweep for unannounced changes', () => {
  it('tries again when the store fails it, and announces what a killed process left', async () => {
    const receiver = await startWebhookReceiver();
    const webhooks = [{ id: 'hook', url: receiver.url, secret: receiver.secret }];
    const killed = await spawnServerProcess({
      env: { WEBHOOKS: JSON.stringify(webhooks), WEBHOOK_DEBOUNCE_MS: '60000', WEBHOOK_MAX_WAIT_MS: '60000' },
    });
    const first = apiClient(killed.httpUrl);
    expect((await first('POST', '/api/docs?name=left', { body: 'one', contentType: 'text/plain' })).status).toBe(201);
    await waitFor(
      async () =>
        field<Delivery[]>(await first('GET', '/api/webhooks/hook/deliveries'), 'deliveries').some(
          (delivery) => delivery.type === 'document.created' && delivery.state === 'delivered',
        ),
      { message: 'created delivered and recorded' },
    );
    expect((await first('POST', docPath('left', '/append'), { body: 'two', contentType: 'text/plain' })).status).toBe(200);
    killed.kill('SIGKILL');
    await killed.waitForExit();

    const server = await startServer({
      dataDir: killed.dataDir,
      wrapStore: (store) => failingSweeps(store, 2),
      config: { logLevel: 'info', webhooks: webhooks as never, webhookDebounceMs: 60_000, webhookMaxWaitMs: 60_000 },
    });
    await waitFor(() => receiver.eventsOf('left').length === 2, { timeout: 15_000, message: 'the left change is announced' });
    const updated = receiver.eventsOf('left')[1]?.event;
    expect(updated?.type).toBe('document.updated');
    expect(updated?.data).toMatchObject({ name: 'left', fromSeq: 2 });
    const failed = server.logs.filter((line) => line.msg === 'looking for unannounced document changes failed; trying again later');
    expect(failed).toHaveLength(2);
  });
});
