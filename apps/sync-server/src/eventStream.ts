import type { IncomingMessage, ServerResponse } from 'node:http';
import type { DocumentStore } from '@tandem/persistence';
import { AddressCounter } from './limits/addressCounter.js';
import { clientIp } from './limits/clientIp.js';
import type { LimitsConfig } from './config/limitsConfig.js';
import { logAtMostEvery } from './logAtMostEvery.js';
import type { Logger } from './logger.js';
import { throttle } from './throttle.js';

export interface DocActivity {
  name: string;
  connections: number;
}

export interface EventStreamOptions {
  store: DocumentStore;
  logger: Logger;
  /** Every document with at least one connection. */
  activity: () => DocActivity[];
  /** `maxEventStreamsPerIp`, and `trustedProxyHops` to find the client's address. */
  limits: Pick<LimitsConfig, 'maxEventStreamsPerIp' | 'trustedProxyHops'>;
  /** A stream was refused with 429 (its address holds `maxEventStreamsPerIp`). */
  onRefused?: () => void;
  activityIntervalMs?: number;
  docIntervalMs?: number;
  pingIntervalMs?: number;
}

/**
 * `GET /api/events` (Server-Sent Events):
 * - `event: activity` `{"docs":[{"name","connections"}]}` once, on connect: every doc with people in it;
 * - `event: activity-change` `{"docs":[{"name","connections"}]}` with only the docs whose count
 *   changed since (0: nobody left), coalesced, at most every 250 ms;
 * - `event: doc` with the DocMeta JSON after a doc's stored metadata changed (at most 1/s per doc);
 * - `event: doc-deleted` `{"name"}` at once when a doc was deleted (here or on another node of a cluster);
 * - `event: access-changed` `{}` when the revocations naming the stream's caller changed (what it may
 *   read may have: ask for a fresh token and the lists again);
 * - a `: ping` comment every 15 s.
 * A stream carries only what its caller may read, asked at each event (so access revoked while it is
 * open stops the events of those documents at once), and ends when its token does.
 * Each client address may hold `maxEventStreamsPerIp` streams; more get 429. `HEAD` gets the
 * headers alone. Does no work while nobody listens.
 */
type DocFilter = (docName: string) => boolean;
const everything: DocFilter = () => true;
const visibleTo = (canRead: DocFilter, docs: DocActivity[]) => (canRead === everything ? docs : docs.filter((doc) => canRead(doc.name)));

/** How long a client refused for its address's stream count is told to wait. */
const refusedRetryAfterSec = 30;

const streamHeaders = {
  'Content-Type': 'text/event-stream; charset=utf-8',
  'Cache-Control': 'no-cache, no-transform',
  Connection: 'keep-alive',
  'Access-Control-Allow-Origin': '*',
  'X-Accel-Buffering': 'no',
};

const jsonHeaders = { 'Content-Type': 'application/json; charset=utf-8', 'Access-Control-Allow-Origin': '*', 'Cache-Control': 'no-store' };

export class EventStream {
  /** Each stream with the docs its caller may see (everything in open mode). */
  private readonly clients = new Map<ServerResponse, DocFilter>();
  /** For each stream with a token: the revocations naming its caller, now and when last told. */
  private readonly revokedBy = new Map<ServerResponse, { now: () => string; seen: string }>();
  /** Docs with a `doc` event scheduled, and when each doc's last one went out. */
  private readonly docTimers = new Map<string, NodeJS.Timeout>();
  private readonly docLastSent = new Map<string, number>();
  private readonly options: Required<EventStreamOptions>;
  private readonly sendActivity: ReturnType<typeof throttle>;
  /** Docs whose connection count changed since the last `activity-change`. */
  private readonly changedDocs = new Set<string>();
  private readonly perAddress: AddressCounter;
  private readonly logRefused: (ip: string) => void;
  private readonly pingTimer: NodeJS.Timeout;

  constructor(options: EventStreamOptions) {
    this.options = { activityIntervalMs: 250, docIntervalMs: 1000, pingIntervalMs: 15_000, onRefused: () => {}, ...options };
    this.perAddress = new AddressCounter(options.limits.maxEventStreamsPerIp);
    this.logRefused = logAtMostEvery(10_000, (suppressed, ip: string) =>
      options.logger.warn(
        { ip, max: options.limits.maxEventStreamsPerIp, suppressed },
        'event stream refused: maxEventStreamsPerIp reached',
      ),
    );
    this.sendActivity = throttle(() => this.broadcastChanges(), this.options.activityIntervalMs);
    this.pingTimer = setInterval(() => this.broadcast(': ping\n\n'), this.options.pingIntervalMs);
    this.pingTimer.unref();
  }

  get listeners(): number {
    return this.clients.size;
  }

  /** Per-doc `doc` events waiting for their timer. */
  get scheduledTimers(): number {
    return this.docTimers.size;
  }

  /**
   * Turns a request into an event stream that carries only the docs `canRead` allows (asked at each
   * event), starting with the whole activity, and ends it at `endsAt` (epoch ms: its token's
   * expiry); answers 429 when the client's address holds too many streams already.
   */
  subscribe(req: IncomingMessage, res: ServerResponse, canRead: DocFilter = everything, endsAt?: number, revokedBy?: () => string): void {
    if (req.method === 'HEAD') {
      res.writeHead(200, streamHeaders);
      res.end();
      return;
    }
    const { trustedProxyHops } = this.options.limits;
    const ip = clientIp(req.socket.remoteAddress, req.headers['x-forwarded-for'], trustedProxyHops) ?? 'unknown';
    const release = this.perAddress.acquire(ip);
    if (release === null) {
      this.options.onRefused();
      this.logRefused(ip);
      const body = JSON.stringify({ error: 'too many event streams from this address' });
      res.writeHead(429, { ...jsonHeaders, 'Content-Length': Buffer.byteLength(body), 'Retry-After': String(refusedRetryAfterSec) });
      res.end(body);
      return;
    }
    res.writeHead(200, streamHeaders);
    res.write(this.activityEvent('activity', visibleTo(canRead, this.options.activity())));
    this.clients.set(res, canRead);
    if (revokedBy !== undefined) this.revokedBy.set(res, { now: revokedBy, seen: revokedBy() });
    // The client's EventSource reconnects, with a fresh token if it has one.
    const expiry = endsAt === undefined ? null : setTimeout(() => res.end(), Math.max(0, endsAt - Date.now()));
    expiry?.unref();
    res.on('close', () => {
      if (expiry !== null) clearTimeout(expiry);
      this.clients.delete(res);
      this.revokedBy.delete(res);
      release();
    });
  }

  /** `docName`'s connection count changed. */
  activityChanged(docName: string): void {
    if (this.clients.size === 0) return;
    this.changedDocs.add(docName);
    this.sendActivity();
  }

  /** A doc's stored metadata changed (after an append). */
  docStored(name: string): void {
    if (this.clients.size === 0 || this.docTimers.has(name)) return;
    const wait = (this.docLastSent.get(name) ?? Number.NEGATIVE_INFINITY) + this.options.docIntervalMs - Date.now();
    this.docTimers.set(
      name,
      setTimeout(() => this.sendDoc(name), Math.max(0, wait)),
    );
  }

  /** A doc was deleted: streams that may see it are told at once (a `doc` event still scheduled for it is dropped). */
  docDeleted(name: string): void {
    const timer = this.docTimers.get(name);
    if (timer !== undefined) clearTimeout(timer);
    this.docTimers.delete(name);
    if (this.clients.size === 0) return;
    this.broadcast(`event: doc-deleted\ndata: ${JSON.stringify({ name })}\n\n`, (canRead) => canRead(name));
  }

  /** The revocations changed: each stream whose caller they name differently now is told `access-changed`. */
  accessChanged(): void {
    for (const [res, revoked] of this.revokedBy) {
      const now = revoked.now();
      if (now === revoked.seen) continue;
      revoked.seen = now;
      res.write('event: access-changed\ndata: {}\n\n');
    }
  }

  /** Ends every stream and stops the timers. */
  close(): void {
    clearInterval(this.pingTimer);
    this.sendActivity.cancel();
    this.changedDocs.clear();
    for (const timer of this.docTimers.values()) clearTimeout(timer);
    this.docTimers.clear();
    for (const res of this.clients.keys()) res.end();
    this.clients.clear();
    this.revokedBy.clear();
  }

  private activityEvent(event: 'activity' | 'activity-change', docs: DocActivity[]): string {
    return `event: ${event}\ndata: ${JSON.stringify({ docs })}\n\n`;
  }

  /**
   * Sends each stream the current count of the docs that changed (absolute counts: idempotent),
   * encoded once for every stream that may see all of them.
   */
  private broadcastChanges(): void {
    if (this.changedDocs.size === 0) return;
    const counts = new Map(this.options.activity().map((doc) => [doc.name, doc.connections]));
    const changes = [...this.changedDocs].map((name) => ({ name, connections: counts.get(name) ?? 0 }));
    this.changedDocs.clear();
    const all = this.activityEvent('activity-change', changes);
    for (const [res, canRead] of this.clients) {
      const visible = visibleTo(canRead, changes);
      if (visible.length === changes.length) res.write(all);
      else if (visible.length > 0) res.write(this.activityEvent('activity-change', visible));
    }
  }

  private sendDoc(name: string): void {
    const now = Date.now();
    this.docTimers.delete(name);
    this.docLastSent.set(name, now);
    // Forget docs that are quiet again, so the map does not grow with every doc ever stored.
    for (const [doc, sentAt] of this.docLastSent) {
      if (now - sentAt >= this.options.docIntervalMs) this.docLastSent.delete(doc);
    }
    this.docLastSent.set(name, now);
    this.options.store.getMeta(name).then(
      (meta) => {
        if (meta !== null) this.broadcast(`event: doc\ndata: ${JSON.stringify(meta)}\n\n`, (canRead) => canRead(meta.name));
      },
      (error: unknown) => this.options.logger.error({ err: error, doc: name }, 'reading metadata for SSE failed'),
    );
  }

  private broadcast(chunk: string, to: (canRead: DocFilter) => boolean = () => true): void {
    for (const [res, canRead] of this.clients) if (to(canRead)) res.write(chunk);
  }
}
