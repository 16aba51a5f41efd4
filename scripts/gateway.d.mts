import type { IncomingHttpHeaders } from 'node:http';

export const SYNC_PREFIX: '/sync';

export type Route = { to: 'web' | 'sync'; url: string } | { refuse: 400 | 404; message: string };

/** Where a request goes (see gateway.mjs). */
export function routeRequest(rawUrl: string | undefined, upgrade: boolean): Route;

/** The `X-Forwarded-*` headers sent on (see gateway.mjs). */
export function forwardedHeaders(
  headers: IncomingHttpHeaders,
  peerAddress: string | undefined,
  trustedProxyHops: number,
): { 'x-forwarded-for': string; 'x-forwarded-proto': string; 'x-forwarded-host': string };

export interface GatewayOptions {
  host: string;
  port: number;
  /** The editor app, e.g. `http://127.0.0.1:3100`. */
  webTarget: string;
  /** The sync server, e.g. `http://127.0.0.1:1234`. */
  syncTarget: string;
  trustedProxyHops?: number;
  log?: (level: 'warn', line: string) => void;
}

export interface Gateway {
  port: number;
  close: () => Promise<void>;
}

/** The public port of `npm start`: the app, and the sync server under `/sync` (see gateway.mjs). */
export function startGateway(options: GatewayOptions): Promise<Gateway>;
