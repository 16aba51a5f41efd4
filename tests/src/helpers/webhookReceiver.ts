import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Webhook } from 'standardwebhooks';
import { registerTeardown } from './teardown.js';

/** One delivery the receiver took, verified with the `standardwebhooks` library. */
export interface ReceivedWebhook {
  id: string;
  timestamp: number;
  signature: string;
  body: string;
  /** The verified payload: `{ type, timestamp, data }`. */
  event: { type: string; timestamp: string; data: Record<string, unknown> };
  /** `performance.now()` and `Date.now()` when it arrived. */
  at: number;
  wallAt: number;
}

export interface WebhookReceiver {
  /** `http://127.0.0.1:<port>/hook`. */
  url: string;
  /** A `whsec_…` secret the receiver verifies with. */
  secret: string;
  /** Deliveries answered 2xx (or with `status`), in arrival order, each verified. */
  received: ReceivedWebhook[];
  /** Requests whose signature did not verify (answered 400): should stay empty. */
  rejected: { headers: IncomingMessage['headers']; body: string; error: string }[];
  /** Every request that came, answered or not. */
  requests: number;
  /** The status to answer verified deliveries with (default 204); a non-2xx one is counted as received too. */
  status: number;
  /** Stops listening: connections are refused until `up()` (on the same port). */
  down(): Promise<void>;
  up(): Promise<void>;
  /** The received events (2xx answers only) of one document, in arrival order. */
  eventsOf(doc: string): ReceivedWebhook[];
}

export function newWebhookSecret(): string {
  return `whsec_${randomBytes(32).toString('base64')}`;
}

/**
 * A real HTTP receiver on 127.0.0.1, port 0, verifying every delivery with the `standardwebhooks`
 * library (and a secret of its own, or the one given). Closed after the test.
 */
export async function startWebhookReceiver(options: { secret?: string } = {}): Promise<WebhookReceiver> {
  const secret = options.secret ?? newWebhookSecret();
  const verifier = new Webhook(secret);
  let server: Server | null = null;
  let port = 0;
  const receiver: WebhookReceiver = {
    url: '',
    secret,
    received: [],
    rejected: [],
    requests: 0,
    status: 204,
    down: async () => {
      const current = server;
      server = null;
      if (current === null) return;
      current.closeAllConnections();
      await new Promise<void>((resolve) => current.close(() => resolve()));
    },
    up: async () => {
      if (server !== null) return;
      const created = createServer((req, res) => {
        receiver.requests++;
        const chunks: Buffer[] = [];
        req.on('data', (chunk: Buffer) => chunks.push(chunk));
        req.on('end', () => {
          const body = Buffer.concat(chunks).toString('utf8');
          try {
            const event = verifier.verify(body, req.headers as Record<string, string>) as ReceivedWebhook['event'];
            const status = receiver.status;
            if (status >= 200 && status < 300) {
              receiver.received.push({
                id: String(req.headers['webhook-id']),
                timestamp: Number(req.headers['webhook-timestamp']),
                signature: String(req.headers['webhook-signature']),
                body,
                event,
                at: performance.now(),
                wallAt: Date.now(),
              });
            }
            res.writeHead(status).end(status >= 300 ? 'not now' : undefined);
          } catch (error) {
            receiver.rejected.push({ headers: req.headers, body, error: (error as Error).message });
            res.writeHead(400).end('bad signature');
          }
        });
      });
      await new Promise<void>((resolve, reject) => {
        created.once('error', reject);
        created.listen(port, '127.0.0.1', () => resolve());
      });
      port = (created.address() as AddressInfo).port;
      receiver.url = `http://127.0.0.1:${port}/hook`;
      server = created;
    },
    eventsOf: (doc) => receiver.received.filter((delivery) => delivery.event.data.name === doc),
  };
  await receiver.up();
  registerTeardown(() => receiver.down());
  return receiver;
}
