import { describe, expect, it } from 'vitest';
import { CloseCode } from './closeCode.js';

describe('CloseCode', () => {
  it('uses the private 4000 range for application codes, with short reasons', () => {
    for (const [name, { code, reason }] of Object.entries(CloseCode)) {
      if (name !== 'GoingAway' && name !== 'MessageTooBig') {
        expect(code, name).toBeGreaterThanOrEqual(4000);
        expect(code, name).toBeLessThan(5000);
      }
      expect(new TextEncoder().encode(reason).length, name).toBeLessThanOrEqual(123);
    }
  });

  it('codes are unique', () => {
    const codes = Object.values(CloseCode).map((c) => c.code);
    expect(new Set(codes).size).toBe(codes.length);
  });

  it('a stock provider stops on client errors (44xx) and retries on server trouble', () => {
    const stockShouldReconnect = (code: number) => !(code >= 4400 && code < 4500);
    expect(stockShouldReconnect(CloseCode.ProtocolError.code)).toBe(false);
    expect(stockShouldReconnect(CloseCode.StorageWriteFailed.code)).toBe(true);
    expect(stockShouldReconnect(CloseCode.StorageUnavailable.code)).toBe(true);
    expect(stockShouldReconnect(CloseCode.GoingAway.code)).toBe(true);
  });
});
