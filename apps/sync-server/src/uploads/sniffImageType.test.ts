import { describe, expect, it } from 'vitest';
import { looksLikeSvg, sniffImageType } from './sniffImageType.js';

const bytes = (...parts: (string | number[])[]) =>
  Uint8Array.from(parts.flatMap((part) => (typeof part === 'string' ? [...part].map((char) => char.charCodeAt(0)) : part)));

describe('sniffImageType', () => {
  it('names PNG, JPEG, GIF and WebP by their first bytes', () => {
    expect(sniffImageType(bytes([0x89], 'PNG', [0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13], 'IHDR'))?.mediaType).toBe('image/png');
    expect(sniffImageType(bytes([0xff, 0xd8, 0xff, 0xe0], 'JFIF'))?.extension).toBe('jpg');
    expect(sniffImageType(bytes('GIF89a', [1, 0, 1, 0]))?.mediaType).toBe('image/gif');
    expect(sniffImageType(bytes('GIF87a'))?.mediaType).toBe('image/gif');
    expect(sniffImageType(bytes('RIFF', [0x24, 0, 0, 0], 'WEBPVP8 '))?.mediaType).toBe('image/webp');
  });

  it('refuses anything else, whatever it claims: SVG, text, other RIFF files, a cut-off signature, nothing', () => {
    for (const head of [
      bytes('<svg xmlns="http://www.w3.org/2000/svg"></svg>'),
      bytes('hello, this is text named photo.png'),
      bytes('RIFF', [0x24, 0, 0, 0], 'WAVEfmt '),
      bytes([0x89], 'PNG', [0x0d, 0x0a]),
      bytes('GIF90a'),
      bytes(),
    ]) {
      expect(sniffImageType(head)).toBeNull();
    }
  });

  it('tells SVG (with a byte-order mark, an XML declaration or a doctype) from other text', () => {
    expect(looksLikeSvg(bytes('<svg viewBox="0 0 1 1"/>'))).toBe(true);
    expect(looksLikeSvg(bytes([0xef, 0xbb, 0xbf], '\n  <?xml version="1.0"?><svg/>'))).toBe(true);
    expect(looksLikeSvg(bytes('<!DOCTYPE svg PUBLIC "-//W3C//DTD SVG 1.1//EN">'))).toBe(true);
    expect(looksLikeSvg(bytes('<html><body>not a picture</body></html>'))).toBe(false);
    expect(looksLikeSvg(bytes([0x89], 'PNG'))).toBe(false);
  });
});
