import { describe, expect, it } from 'vitest';
import { defaultConfig } from '../config/index.js';
import { originAllowed } from './originAllowed.js';

const policy = (allowedOrigins: string[], allowMissingOrigin = false) => ({ allowedOrigins, allowMissingOrigin });

describe('originAllowed', () => {
  it('matches an exact origin on scheme, host and port, case-insensitively', () => {
    const p = policy(['https://docs.example.com']);
    expect(originAllowed('https://docs.example.com', p)).toBe(true);
    expect(originAllowed('https://DOCS.Example.com', p)).toBe(true);
    expect(originAllowed('https://docs.example.com:443', p)).toBe(true);
    expect(originAllowed('http://docs.example.com', p)).toBe(false);
    expect(originAllowed('https://docs.example.com:8443', p)).toBe(false);
    expect(originAllowed('https://docs.example.com.evil.net', p)).toBe(false);
    expect(originAllowed('https://evil-docs.example.com', p)).toBe(false);
  });

  it('treats a default port in the pattern like no port', () => {
    const p = policy(['http://example.com:80']);
    expect(originAllowed('http://example.com', p)).toBe(true);
    expect(originAllowed('http://example.com:8080', p)).toBe(false);
  });

  it('matches subdomains at any depth for "*." but not the bare domain or look-alikes', () => {
    const p = policy(['https://*.example.com']);
    expect(originAllowed('https://a.example.com', p)).toBe(true);
    expect(originAllowed('https://a.b.example.com', p)).toBe(true);
    expect(originAllowed('https://example.com', p)).toBe(false);
    expect(originAllowed('https://evilexample.com', p)).toBe(false);
    expect(originAllowed('https://example.com.evil.net', p)).toBe(false);
    expect(originAllowed('http://a.example.com', p)).toBe(false);
    expect(originAllowed('https://a.example.com:8443', p)).toBe(false);
  });

  it('matches any port for ":*"', () => {
    const p = policy(['http://localhost:*']);
    expect(originAllowed('http://localhost:3000', p)).toBe(true);
    expect(originAllowed('http://localhost', p)).toBe(true);
    expect(originAllowed('https://localhost:3000', p)).toBe(false);
    expect(originAllowed('http://localhost.evil.net:3000', p)).toBe(false);
  });

  it('lets "*" allow everything, including the opaque "null" origin', () => {
    expect(originAllowed('https://anything.test', policy(['*']))).toBe(true);
    expect(originAllowed('null', policy(['*']))).toBe(true);
    expect(originAllowed('null', policy(['https://example.com']))).toBe(false);
    expect(originAllowed('https://example.com/path', policy(['https://example.com']))).toBe(false);
  });

  it('decides a missing Origin header by the flag alone', () => {
    expect(originAllowed(undefined, policy(['https://example.com'], true))).toBe(true);
    expect(originAllowed(undefined, policy(['*'], false))).toBe(false);
  });

  it('allows local pages and refuses other sites with the default list', () => {
    for (const origin of ['http://localhost:3000', 'http://127.0.0.1:5173', 'http://[::1]:3000', 'https://localhost:3443']) {
      expect(originAllowed(origin, defaultConfig), origin).toBe(true);
    }
    for (const origin of ['https://evil.example', 'http://192.168.1.5:3000', 'http://localhost.evil.example:3000']) {
      expect(originAllowed(origin, defaultConfig), origin).toBe(false);
    }
    expect(originAllowed(undefined, defaultConfig)).toBe(true);
  });

  it('throws on a pattern that was not validated', () => {
    expect(() => originAllowed('https://a.test', policy(['https://a.test/']))).toThrow(/has a path/);
  });
});
