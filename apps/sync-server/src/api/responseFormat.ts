import type { IncomingMessage } from 'node:http';
import { HttpError } from '../httpError.js';

/** What `GET /api/docs/<name>` can answer with, and the media type of each. */
export const RESPONSE_FORMATS = {
  json: 'application/json',
  html: 'text/html',
  markdown: 'text/markdown',
  text: 'text/plain',
  yjs: 'application/vnd.yjs.update',
} as const;
export type ResponseFormat = keyof typeof RESPONSE_FORMATS;

/** Media types (besides the canonical ones) that mean a format. */
const aliases: Record<string, ResponseFormat> = { 'application/octet-stream': 'yjs', 'text/x-markdown': 'markdown' };

const byMediaType = new Map<string, ResponseFormat>([
  ...Object.entries(RESPONSE_FORMATS).map(([format, type]) => [type, format as ResponseFormat] as const),
  ...Object.entries(aliases),
]);

/**
 * The format to answer with: `?format=` if given, else the `Accept` header (highest q first;
 * `*\/*` or nothing means JSON). An unknown `?format=` is a 400; an `Accept` that allows none of
 * the formats, a 406.
 */
export function responseFormat(req: IncomingMessage, url: URL): ResponseFormat {
  const asked = url.searchParams.get('format');
  if (asked !== null) {
    if (Object.hasOwn(RESPONSE_FORMATS, asked)) return asked as ResponseFormat;
    throw new HttpError(400, `unknown format ${JSON.stringify(asked)}: use one of ${Object.keys(RESPONSE_FORMATS).join(', ')}`);
  }
  const accept = req.headers.accept;
  if (accept === undefined || accept.trim() === '') return 'json';
  const ranges = accept
    .split(',')
    .map((part, order) => {
      const [type = '', ...params] = part.split(';').map((piece) => piece.trim().toLowerCase());
      const q = params.find((param) => param.startsWith('q='));
      return { type, q: q === undefined ? 1 : Number(q.slice(2)), order };
    })
    .filter((range) => range.q > 0)
    .sort((a, b) => b.q - a.q || a.order - b.order);
  for (const { type } of ranges) {
    if (type === '*/*' || type === 'application/*') return 'json';
    if (type === 'text/*') return 'markdown';
    const format = byMediaType.get(type);
    if (format !== undefined) return format;
  }
  throw new HttpError(406, `none of the formats in Accept is available: use ${Object.values(RESPONSE_FORMATS).join(', ')}`);
}
