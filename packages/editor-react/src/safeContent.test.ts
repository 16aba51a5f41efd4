import { describe, expect, it } from 'vitest';
import { dropUnsafeContent } from './safeContent.js';

describe('dropUnsafeContent', () => {
  it('unlinks unsafe links, keeps their text, and leaves out images without a web address', () => {
    const safe = dropUnsafeContent({
      type: 'doc',
      content: [
        {
          type: 'paragraph',
          content: [
            { type: 'text', text: 'good', marks: [{ type: 'link', attrs: { href: 'https://example.com' } }, { type: 'bold' }] },
            { type: 'text', text: 'bad', marks: [{ type: 'link', attrs: { href: 'javascript:alert(1)' } }, { type: 'bold' }] },
          ],
        },
        { type: 'image', attrs: { src: 'https://example.com/a.png', alt: 'kept' } },
        { type: 'image', attrs: { src: 'javascript:alert(1)', alt: 'dropped' } },
        { type: 'image', attrs: { src: 'data:image/png;base64,AAAA', alt: 'dropped too' } },
      ],
    });
    expect(safe).toEqual({
      type: 'doc',
      content: [
        {
          type: 'paragraph',
          content: [
            { type: 'text', text: 'good', marks: [{ type: 'link', attrs: { href: 'https://example.com' } }, { type: 'bold' }] },
            { type: 'text', text: 'bad', marks: [{ type: 'bold' }] },
          ],
        },
        { type: 'image', attrs: { src: 'https://example.com/a.png', alt: 'kept' } },
      ],
    });
  });
});
