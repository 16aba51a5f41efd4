import type { IncomingHttpHeaders } from 'node:http';
import WebSocket from 'ws';
import { registerTeardown } from './teardown.js';

export interface UpgradeAttempt {
  /** 101 when the WebSocket opened (it is closed again at once), else the HTTP status of the refusal. */
  status: number;
  headers: IncomingHttpHeaders;
  /** The refusal's body (JSON `{ error }`), '' when it opened. */
  body: string;
}

/**
 * Tries one WebSocket upgrade to `docName` with query `params` and request `headers` (e.g.
 * `Origin`, `Authorization`) and reports how the server answered.
 */
export function tryUpgrade(
  wsUrl: string,
  docName: string,
  options: { params?: Record<string, string>; headers?: Record<string, string> } = {},
): Promise<UpgradeAttempt> {
  const query = new URLSearchParams(options.params ?? {}).toString();
  const socket = new WebSocket(`${wsUrl}/${encodeURIComponent(docName)}${query === '' ? '' : `?${query}`}`, {
    headers: options.headers ?? {},
  });
  registerTeardown(() => socket.terminate());
  return new Promise((resolve, reject) => {
    socket.once('open', () => {
      resolve({ status: 101, headers: {}, body: '' });
      socket.terminate();
    });
    socket.once('unexpected-response', (_req, res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => {
        body += chunk;
      });
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
    });
    socket.once('error', (error) => {
      if (socket.readyState !== WebSocket.CLOSED) reject(error);
    });
  });
}
