import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { validateDocName } from '@tandem/protocol';

/** Where a WebSocket upgrade wants to go: the doc (URL path, decoded) and the query parameters. */
export interface UpgradeTarget {
  docName: string;
  params: URLSearchParams;
}

export interface UpgradeRequest extends UpgradeTarget {
  req: IncomingMessage;
}

/** A guard's answer: let the connection in (optionally read-only), or refuse it with an HTTP status. */
export type UpgradeDecision =
  | { accept: true; readOnly?: boolean }
  | { accept: false; status: number; message: string; headers?: Record<string, string> };

/**
 * Runs before the WebSocket handshake, after the doc name was validated and before anything is
 * loaded. Guards run in order; the first refusal wins; `readOnly` from any guard sticks.
 */
export type UpgradeGuard = (request: UpgradeRequest) => UpgradeDecision | Promise<UpgradeDecision>;

/** Thrown by `parseUpgradeTarget`; answered with this HTTP status. */
export class UpgradeRejection extends Error {
  readonly status: number;
  constructor(status: number, message: string) {
    super(message);
    this.status = status;
  }
}

/** Doc name = URL path without the leading `/`, URL-decoded and validated. Query parameters are kept. */
export function parseUpgradeTarget(rawUrl: string | undefined): UpgradeTarget {
  const url = new URL(rawUrl ?? '/', 'http://localhost');
  let docName: string;
  try {
    docName = decodeURIComponent(url.pathname.slice(1));
  } catch {
    throw new UpgradeRejection(400, 'invalid document name: malformed percent-encoding');
  }
  try {
    validateDocName(docName);
  } catch (error) {
    throw new UpgradeRejection(400, (error as Error).message);
  }
  return { docName, params: url.searchParams };
}

const statusText: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  429: 'Too Many Requests',
  500: 'Internal Server Error',
  503: 'Service Unavailable',
};

/** Answers an upgrade request with a plain HTTP error (JSON body) and closes the socket. */
export function rejectUpgrade(socket: Duplex, status: number, message: string, headers: Record<string, string> = {}): void {
  if (socket.destroyed) return;
  const body = JSON.stringify({ error: message });
  const lines = [
    `HTTP/1.1 ${status} ${statusText[status] ?? 'Error'}`,
    'Content-Type: application/json; charset=utf-8',
    `Content-Length: ${Buffer.byteLength(body)}`,
    'Connection: close',
    ...Object.entries(headers).map(([name, value]) => `${name}: ${value}`),
  ];
  socket.end(`${lines.join('\r\n')}\r\n\r\n${body}`);
}

/** Runs the guards in order; the first refusal wins. */
export async function runGuards(guards: readonly UpgradeGuard[], request: UpgradeRequest): Promise<UpgradeDecision> {
  let readOnly = false;
  for (const guard of guards) {
    const decision = await guard(request);
    if (!decision.accept) return decision;
    readOnly ||= decision.readOnly === true;
  }
  return { accept: true, readOnly };
}
