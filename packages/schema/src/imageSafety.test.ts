import { describe, expect, it } from 'vitest';
import { imageUrlInText, isSafeImageSrc } from './imageSafety.js';

describe('image addresses', () => {
  it('accepts absolute http(s) only', () => {
    expect(isSafeImageSrc('https://example.com/a.png')).toBe(true);
    expect(isSafeImageSrc('http://localhost:3000/icon.svg')).toBe(true);
    for (const src of [
      'javascript:alert(1)',
      'data:image/png;base64,AAAA',
      'blob:https://example.com/1',
      '/relative.png',
      'file:///etc/passwd',
      '',
      null,
      42,
    ]) {
      expect(isSafeImageSrc(src), String(src)).toBe(false);
    }
  });

  it('finds an image address that is the whole pasted text', () => {
    expect(imageUrlInText(' https://example.com/photos/cat.JPG?size=2 ')).toBe('https://example.com/photos/cat.JPG?size=2');
    expect(imageUrlInText('https://example.com/logo.svg')).toBe('https://example.com/logo.svg');
    expect(imageUrlInText('https://example.com/page')).toBeNull();
    expect(imageUrlInText('see https://example.com/a.png')).toBeNull();
    expect(imageUrlInText('javascript:alert(1)//.png')).toBeNull();
  });
});
