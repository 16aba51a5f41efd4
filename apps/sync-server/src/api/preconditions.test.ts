import type { IncomingMessage } from 'node:http';
import { describe, expect, it } from 'vitest';
import { HttpError } from '../httpError.js';
import { checkIfMatch, notModified } from './preconditions.js';

const request = (headers: Record<string, string>) => ({ headers }) as unknown as IncomingMessage;
const current = '"v2"';

describe('preconditions', () => {
  it('If-Match passes for the current version, any listed one, or *, and when absent', () => {
    for (const value of ['"v2"', '"v1", "v2"', '*']) expect(() => checkIfMatch(request({ 'if-match': value }), current)).not.toThrow();
    expect(() => checkIfMatch(request({}), current)).not.toThrow();
  });

  it('If-Match fails with 412 and the current version for another version, and for a weak tag', () => {
    for (const value of ['"v1"', 'W/"v2"', 'v2']) {
      try {
        checkIfMatch(request({ 'if-match': value }), current);
        throw new Error(`expected ${value} to fail`);
      } catch (error) {
        expect(error).toBeInstanceOf(HttpError);
        expect(error).toMatchObject({ status: 412, headers: { ETag: current }, details: { etag: current } });
      }
    }
  });

  it('If-None-Match says "not modified" for the current version (weak or strong) or *', () => {
    expect(notModified(request({ 'if-none-match': '"v2"' }), current)).toBe(true);
    expect(notModified(request({ 'if-none-match': 'W/"v2"' }), current)).toBe(true);
    expect(notModified(request({ 'if-none-match': '"v1"' }), current)).toBe(false);
    expect(notModified(request({}), current)).toBe(false);
  });
});
