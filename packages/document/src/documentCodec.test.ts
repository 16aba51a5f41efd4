import { describe, expect, it } from 'vitest';
import { ContentError } from './contentError.js';
import { DocumentCodec } from './documentCodec.js';
import { htmlFixtures } from './fixtures/htmlFixtures.js';
import { markdownFixtures } from './fixtures/markdownFixtures.js';

// Plain Node, no DOM: the conversions run on the server as they are.
const codec = new DocumentCodec();

describe('DocumentCodec round trips', () => {
  it.each(Object.entries(markdownFixtures))('Markdown → document → Markdown: %s', (_name, markdown) => {
    const doc = codec.parse('markdown', markdown);
    expect(codec.serialize(doc, 'markdown')).toBe(markdown);
  });

  it.each(Object.entries(htmlFixtures))('HTML → document → HTML: %s', (_name, html) => {
    const doc = codec.parse('html', html);
    expect(codec.serialize(doc, 'html')).toBe(html);
  });

  it('JSON → document → JSON keeps every node, mark and attribute', () => {
    for (const html of Object.values(htmlFixtures)) {
      const json = codec.parse('html', html).toJSON();
      expect(codec.serialize(codec.parse('json', json), 'json')).toEqual(json);
    }
  });

  it('plain text: blank lines separate blocks, a single line break is a hard break, and it comes back the same', () => {
    const text = 'First paragraph\nwith a second line\n\nSecond paragraph';
    const doc = codec.parse('text', text);
    expect(doc.childCount).toBe(2);
    expect(doc.firstChild?.child(1).type.name).toBe('hardBreak');
    expect(codec.serialize(doc, 'text')).toBe(text);
    expect(codec.serialize(codec.parse('text', '\r\n\r\nWindows\r\nlines\r\n'), 'text')).toBe('Windows\nlines');
  });

  it('plain text of structured content: text blocks only, separated by a blank line', () => {
    expect(codec.serialize(codec.parse('html', htmlFixtures.table as string), 'text')).toBe('Name\n\nRole\n\nAda\n\nanalyst');
    expect(codec.serialize(codec.parse('html', htmlFixtures.image as string), 'text')).toBe('Before\n\nAfter');
    expect(codec.serialize(codec.parse('html', htmlFixtures.mention as string), 'text')).toBe('Hi @Ada Lovelace!');
  });

  it('Markdown drops what it cannot express and keeps the text', () => {
    expect(codec.serialize(codec.parse('html', htmlFixtures.alignment as string), 'markdown')).toBe('Centered\n\n## Right\n\nJustified');
    expect(codec.serialize(codec.parse('html', '<p>H<sub>2</sub>O</p>'), 'markdown')).toBe('H2O');
  });

  it('empty content is one empty paragraph in every format', () => {
    for (const [format, content] of [
      ['markdown', ''],
      ['html', ''],
      ['text', ''],
      ['json', { type: 'doc', content: [] }],
    ] as const) {
      const doc = codec.parse(format, content);
      expect(doc.toJSON(), format).toEqual({ type: 'doc', content: [{ type: 'paragraph', attrs: { textAlign: null } }] });
    }
  });
});

describe('DocumentCodec refuses what does not fit', () => {
  const refusal = (run: () => unknown): ContentError => {
    try {
      run();
    } catch (error) {
      expect(error).toBeInstanceOf(ContentError);
      return error as ContentError;
    }
    throw new Error('expected a ContentError');
  };

  it('JSON that is not a document, names an unknown node, or breaks the content rules', () => {
    expect(refusal(() => codec.parse('json', [1, 2])).kind).toBe('invalid-json');
    expect(refusal(() => codec.parse('json', { type: 'paragraph' })).message).toMatch(/"type": "doc"/);
    const unknown = refusal(() => codec.parse('json', { type: 'doc', content: [{ type: 'video' }] }));
    expect(unknown).toMatchObject({ kind: 'invalid-content', message: expect.stringMatching(/video/) });
    const misplaced = refusal(() => codec.parse('json', { type: 'doc', content: [{ type: 'text', text: 'loose text' }] }));
    expect(misplaced.kind).toBe('invalid-content');
    expect(refusal(() => codec.parse('json', { type: 'doc', content: [{ type: 'paragraph', marks: [{ type: 'sparkle' }] }] })).kind).toBe(
      'invalid-content',
    );
  });

  it('text formats given something else than text', () => {
    expect(refusal(() => codec.parse('markdown', { type: 'doc' })).message).toMatch(/markdown content must be a string, got object/);
  });

  it('unsafe links, images and mention colours: refused in JSON, dropped from HTML and Markdown (the text stays)', () => {
    const link = (href: string) => ({
      type: 'doc',
      content: [{ type: 'paragraph', content: [{ type: 'text', text: 'click', marks: [{ type: 'link', attrs: { href } }] }] }],
    });
    expect(refusal(() => codec.parse('json', link('javascript:alert(1)'))).kind).toBe('unsafe-address');
    expect(codec.parse('json', link('https://example.com')).textContent).toBe('click');
    const image = { type: 'doc', content: [{ type: 'image', attrs: { src: 'data:image/png;base64,AAAA' } }] };
    expect(refusal(() => codec.parse('json', image)).message).toMatch(/image "data:image/);
    const mention = { type: 'doc', content: [{ type: 'paragraph', content: [{ type: 'mention', attrs: { id: 'x', color: 'red;x:y' } }] }] };
    expect(refusal(() => codec.parse('json', mention)).message).toMatch(/mention colour/);

    const markdown = codec.parse('markdown', 'a [bad](javascript:alert(1)) link and a [good](https://example.com) one');
    expect(codec.serialize(markdown, 'markdown')).toBe('a bad link and a [good](https://example.com) one');
    const html = codec.parse('html', '<p><a href="javascript:alert(1)">bad</a> <img src="javascript:x"></p>');
    expect(codec.serialize(html, 'html')).toBe('<p>bad</p>');
  });
});
