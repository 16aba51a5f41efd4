import { describe, expect, it } from 'vitest';
import { DocumentCodec } from './documentCodec.js';
import { htmlFixtures } from './fixtures/htmlFixtures.js';
import { schemaHtml } from './schemaHtml.js';
import { withChangeMarks } from './withChangeMarks.js';

const codec = new DocumentCodec();

describe('schemaHtml', () => {
  // The same HTML, but for the `;` a DOM adds at the end of a style it normalises.
  it.each(Object.entries(htmlFixtures))('writes what generateHTML writes: %s', (_name, html) => {
    const doc = codec.parse('html', html);
    const expected = String(codec.serialize(doc, 'html')).replace(/(style="[^"]*?);"/g, '$1"');
    expect(schemaHtml(codec.schema, doc.content)).toBe(expected);
  });

  it('escapes text and attribute values, so content never becomes markup', () => {
    const doc = codec.parse('json', {
      type: 'doc',
      content: [
        {
          type: 'paragraph',
          content: [
            { type: 'text', text: '<img src=x onerror=alert(1)> & "quotes"' },
            { type: 'text', text: 'link', marks: [{ type: 'link', attrs: { href: 'https://example.com/?a="><script>x</script>' } }] },
          ],
        },
      ],
    });
    const html = schemaHtml(codec.schema, doc.content);
    expect(html).not.toContain('<img');
    expect(html).not.toContain('<script');
    expect(html).toContain('&lt;img src=x onerror=alert(1)&gt; &amp; "quotes"');
    expect(html).toContain('href="https://example.com/?a=&quot;&gt;&lt;script&gt;x&lt;/script&gt;"');
  });
});

describe('withChangeMarks', () => {
  it('renders changed text as ins/del and a changed block with the change’s attributes, with the author', () => {
    const schema = withChangeMarks(codec.schema);
    const doc = schema.nodeFromJSON({
      type: 'doc',
      content: [
        {
          type: 'paragraph',
          content: [
            { type: 'text', text: 'kept ' },
            { type: 'text', text: 'new', marks: [{ type: 'ychange', attrs: { type: 'added', user: 'u:grace' } }] },
            { type: 'text', text: 'old', marks: [{ type: 'bold' }, { type: 'ychange', attrs: { type: 'removed', user: 'u:ada' } }] },
          ],
        },
        { type: 'heading', attrs: { level: 2, ychange: { type: 'added', user: 'u:ada"><x' } }, content: [{ type: 'text', text: 'Title' }] },
      ],
    });
    expect(schemaHtml(schema, doc.content)).toBe(
      '<p>kept <ins class="tandem-ychange tandem-ychange--added" data-ychange="added" data-author="u:grace">new</ins>' +
        '<strong><del class="tandem-ychange tandem-ychange--removed" data-ychange="removed" data-author="u:ada">old</del></strong></p>' +
        '<h2 class="tandem-ychange tandem-ychange--added" data-ychange="added" data-author="u:ada&quot;&gt;&lt;x">Title</h2>',
    );
  });
});
