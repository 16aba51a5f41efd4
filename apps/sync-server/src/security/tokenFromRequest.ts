import type { IncomingMessage } from 'node:http';

/**
 * The bearer token of a request: the `Authorization: Bearer <token>` header, else the `token`
 * query parameter (browsers cannot set headers on WebSockets or EventSource). Null when neither
 * is present. The token is a credential: never log it, nor the URL that carries it.
 */
export function tokenFromRequest(req: IncomingMessage, params: URLSearchParams): string | null {
  const header = req.headers.authorization;
  if (typeof header === 'string') {
    const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
    if (match?.[1] !== undefined) return match[1];
  }
  return params.get('token');
}
