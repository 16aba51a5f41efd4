import { describe, expect, it } from 'vitest';
import { appConfigFrom } from './appConfig';

describe('PUBLIC_URL', () => {
  it('is kept as an origin: links are made on it', () => {
    expect(appConfigFrom({}).publicUrl).toBeNull();
    expect(appConfigFrom({ PUBLIC_URL: 'https://Tandem.Example.com/' }).publicUrl).toBe('https://tandem.example.com');
    expect(appConfigFrom({ PUBLIC_URL: 'http://192.168.1.20:3000' }).publicUrl).toBe('http://192.168.1.20:3000');
  });

  it.each([
    ['tandem.example.com', 'must be an http:// or https:// URL'],
    ['ftp://tandem.example.com', 'must use http:// or https://'],
    ['https://example.com/tandem', 'must be an origin without a path'],
    ['https://user:pw@example.com', 'must not carry a user name or password'],
    ['https://example.com/?a=1', 'must not have a query or fragment'],
  ])('%s is refused, naming the setting', (value, problem) => {
    expect(() => appConfigFrom({ PUBLIC_URL: value })).toThrow(`invalid PUBLIC_URL=${JSON.stringify(value)}: ${problem}`);
  });
});
