import type { IncomingMessage } from 'node:http';
import { describe, expect, it } from 'vitest';
import { responseFormat } from './responseFormat.js';

const ask = (accept: string | undefined, query = '') =>
  responseFormat({ headers: accept === undefined ? {} : { accept } } as unknown as IncomingMessage, new URL(`http://x/api/docs/a${query}`));

describe('responseFormat', () => {
  it('takes ?format= first, then Accept by q-value and order, JSON for anything or nothing', () => {
    expect(ask('text/html', '?format=markdown')).toBe('markdown');
    expect(ask(undefined)).toBe('json');
    expect(ask('*/*')).toBe('json');
    expect(ask('text/markdown')).toBe('markdown');
    expect(ask('text/html;q=0.5, text/plain')).toBe('text');
    expect(ask('image/png, text/html;q=0.1')).toBe('html');
    expect(ask('application/octet-stream')).toBe('yjs');
    expect(ask('application/vnd.yjs.update')).toBe('yjs');
  });

  it('refuses an unknown ?format= (400) and an Accept it cannot serve (406)', () => {
    expect(() => ask(undefined, '?format=pdf')).toThrow(expect.objectContaining({ status: 400 }));
    expect(() => ask('image/png')).toThrow(expect.objectContaining({ status: 406 }));
    expect(() => ask('text/html;q=0')).toThrow(expect.objectContaining({ status: 406 }));
  });
});
