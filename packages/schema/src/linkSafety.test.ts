import { describe, expect, it } from 'vitest';
import { isSafeLinkHref, normalizeLinkInput } from './linkSafety.js';

describe('isSafeLinkHref', () => {
  it('accepts absolute http, https and mailto addresses', () => {
    for (const href of ['https://example.com', 'http://example.com/a?b=c#d', 'mailto:ada@example.com', 'HTTPS://EXAMPLE.COM']) {
      expect(isSafeLinkHref(href), href).toBe(true);
    }
  });

  it('refuses script, data, file and relative addresses, however they are disguised', () => {
    for (const href of [
      'javascript:alert(1)',
      'JavaScript:alert(1)',
      ' javascript:alert(1)',
      'java\tscript:alert(1)',
      'data:text/html,<script>',
      'file:///etc/passwd',
      'vbscript:x',
      '/d/other',
      '#top',
      'example.com',
      '',
    ]) {
      expect(isSafeLinkHref(href), JSON.stringify(href)).toBe(false);
    }
  });
});

describe('normalizeLinkInput', () => {
  it('completes host names and e-mail addresses, keeps safe absolute addresses', () => {
    expect(normalizeLinkInput('  example.com/page ')).toBe('https://example.com/page');
    expect(normalizeLinkInput('localhost:3000/d/x')).toBe('https://localhost:3000/d/x');
    expect(normalizeLinkInput('ada@example.com')).toBe('mailto:ada@example.com');
    expect(normalizeLinkInput('http://example.com')).toBe('http://example.com');
    expect(normalizeLinkInput('mailto:grace@example.com')).toBe('mailto:grace@example.com');
  });

  it('refuses other schemes and text that is not an address', () => {
    for (const input of [
      'javascript:alert(1)',
      'JAVASCRIPT:alert(document.cookie)',
      'data:text/html,x',
      'ftp://example.com',
      'not a link',
      'word',
      '',
      '   ',
    ]) {
      expect(normalizeLinkInput(input), JSON.stringify(input)).toBeNull();
    }
  });
});
