import type { IncomingMessage } from 'node:http';
import { HttpError } from '../httpError.js';

/** A request body: JSON (parsed), or text with the content format its media type names. */
export type RequestBody =
  | { kind: 'none' }
  | { kind: 'json'; value: unknown }
  | { kind: 'text'; format: 'markdown' | 'html' | 'text'; text: string };

const textFormats: Record<string, 'markdown' | 'html' | 'text'> = {
  'text/markdown': 'markdown',
  'text/x-markdown': 'markdown',
  'text/html': 'html',
  'text/plain': 'text',
};

/** Reads at most `maxBytes`; more is a 413 (and the connection is closed after the answer, not read to its end). */
async function readBytes(req: IncomingMessage, maxBytes: number): Promise<Buffer> {
  const declared = Number(req.headers['content-length'] ?? Number.NaN);
  const tooLarge = () =>
    new HttpError(413, `request body larger than ${maxBytes} bytes (apiMaxBodyBytes)`, { headers: { Connection: 'close' } });
  if (declared > maxBytes) throw tooLarge();
  const chunks: Buffer[] = [];
  let total = 0;
  for await (const chunk of req) {
    total += (chunk as Buffer).byteLength;
    if (total > maxBytes) throw tooLarge();
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks);
}

/**
 * The body of a documents API request: `application/json`, `text/markdown`, `text/html` or
 * `text/plain` (UTF-8), at most `maxBytes`. An empty body is `none`. Another media type is a 415;
 * JSON that does not parse, or text that is not UTF-8, a 400.
 */
export async function readBody(req: IncomingMessage, maxBytes: number): Promise<RequestBody> {
  const bytes = await readBytes(req, maxBytes);
  if (bytes.byteLength === 0) return { kind: 'none' };
  const mediaType = (req.headers['content-type'] ?? '').split(';')[0]?.trim().toLowerCase() ?? '';
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    throw new HttpError(400, 'the request body is not UTF-8 text');
  }
  if (mediaType === 'application/json') {
    try {
      return { kind: 'json', value: JSON.parse(text) };
    } catch (error) {
      throw new HttpError(400, `the request body is not valid JSON: ${(error as Error).message}`);
    }
  }
  const format = textFormats[mediaType];
  if (format === undefined) {
    throw new HttpError(
      415,
      `unsupported Content-Type ${JSON.stringify(mediaType)}: use application/json, text/markdown, text/html or text/plain`,
    );
  }
  return { kind: 'text', format, text };
}
