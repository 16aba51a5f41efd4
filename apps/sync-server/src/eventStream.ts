import type { ServerResponse } from 'node:http';
import type { DocumentStore } from '@tandem/persistence';
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
  activityIntervalMs?: number;
  docIntervalMs?: number;
  pingIntervalMs?: number;
}

/**
 * `GET /api/events` (Server-Sent Events):
 * - `event: activity` `{"docs":[{"name","connections"}]}` on connect and whenever a count changes
 *   (coalesced, at most every 250 ms);
 * - `event: doc` with the DocMeta JSON after a doc's stored metadata changed (at most 1/s per doc);
 * - a `: ping` comment every 15 s.
 * Does no work while nobody listens.
 */
type DocFilter = (docName: string) => boolean;
const everything: DocFilter = () => true;

export class EventStream {
  /** Each stream with the docs its caller may see (everything in open mode). */
  private readonly clients = new Map<ServerResponse, DocFilter>();
  /** Docs with a `doc` event scheduled, and when each doc's last one went out. */
  private readonly docTimers = new Map<string, NodeJS.Timeout>();
  private readonly docLastSent = new Map<string, number>();
  private readonly options: Required<EventStreamOptions>;
  private readonly sendActivity: ReturnType<typeof throttle>;
  private readonly pingTimer: NodeJS.Timeout;

  constructor(options: EventStreamOptions) {
    this.options = { activityIntervalMs: 250, docIntervalMs: 1000, pingIntervalMs: 15_000, ...options };
    this.sendActivity = throttle(() => this.broadcastActivity(), this.options.activityIntervalMs);
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

  /** Turns a request into an event stream that carries only the docs `canRead` allows. */
  subscribe(res: ServerResponse, canRead: DocFilter = everything): void {
    res.writeHead(200, {
      'Content-Type': 'text/event-stream; charset=utf-8',
      'Cache-Control': 'no-cache, no-transform',
      Connection: 'keep-alive',
      'Access-Control-Allow-Origin': '*',
      'X-Accel-Buffering': 'no',
    });
    res.write(this.activityEvent(this.options.activity(), canRead));
    this.clients.set(res, canRead);
    res.on('close', () => this.clients.delete(res));
  }

  /** A doc's connection count changed. */
  activityChanged(): void {
    if (this.clients.size > 0) this.sendActivity();
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

  /** Ends every stream and stops the timers. */
  close(): void {
    clearInterval(this.pingTimer);
    this.sendActivity.cancel();
    for (const timer of this.docTimers.values()) clearTimeout(timer);
    this.docTimers.clear();
    for (const res of this.clients.keys()) res.end();
    this.clients.clear();
  }

  private activityEvent(activity: DocActivity[], canRead: DocFilter): string {
    const docs = canRead === everything ? activity : activity.filter((doc) => canRead(doc.name));
    return `event: activity\ndata: ${JSON.stringify({ docs })}\n\n`;
  }

  private broadcastActivity(): void {
    const activity = this.options.activity();
    const unfiltered = this.activityEvent(activity, everything);
    for (const [res, canRead] of this.clients) res.write(canRead === everything ? unfiltered : this.activityEvent(activity, canRead));
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
