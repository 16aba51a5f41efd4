import { getSchema } from '@tiptap/core';
import { Node } from '@tiptap/pm/model';
import { describe, expect, it } from 'vitest';
import { tandemExtensions } from './tandemExtensions.js';

type DomSpec = [string, Record<string, unknown>, ...unknown[]];

/** What a node renders to, without a DOM (every node here renders to a spec array). */
function renderSpec(node: Node): DomSpec {
  const toDOM = node.type.spec.toDOM;
  if (toDOM === undefined) throw new Error(`${node.type.name} has no toDOM`);
  return toDOM(node) as unknown as DomSpec;
}

// Images and mentions, in plain Node (no DOM), as a server reading stored documents sees them.
describe('images and mentions in the schema', () => {
  const schema = getSchema(tandemExtensions());

  it('holds block images with alt text and width, and never renders an unsafe address', () => {
    const image = schema.nodes.image;
    if (image === undefined) throw new Error('no image node');
    expect(image.isBlock).toBe(true);
    const render = (attrs: Record<string, unknown>) => renderSpec(image.create(attrs));
    const [tag, safe] = render({ src: 'https://example.com/a.png', alt: 'A cat', width: 320 });
    expect(tag).toBe('img');
    expect(safe).toMatchObject({ src: 'https://example.com/a.png', alt: 'A cat', width: 320, referrerpolicy: 'no-referrer' });
    expect(render({ src: 'javascript:alert(1)', alt: 'x' })[1].src).toBeUndefined();
    expect(render({ src: 'data:image/png;base64,AAAA' })[1].src).toBeUndefined();
  });

  it('holds inline mentions with the person, name and colour; only a hex colour reaches the style', () => {
    const doc = Node.fromJSON(schema, {
      type: 'doc',
      content: [
        {
          type: 'paragraph',
          content: [
            { type: 'text', text: 'Ask ' },
            { type: 'mention', attrs: { id: 'user:grace', label: 'Grace Hopper', color: '#059669' } },
          ],
        },
      ],
    });
    doc.check();
    const mention = doc.firstChild?.lastChild;
    if (mention === null || mention === undefined) throw new Error('no mention');
    expect(mention.type.name).toBe('mention');
    expect(mention.isInline).toBe(true);
    const [tag, attrs, text] = renderSpec(mention);
    expect(tag).toBe('span');
    expect(attrs).toMatchObject({ 'data-type': 'mention', 'data-label': 'Grace Hopper', 'data-color': '#059669', class: 'tandem-mention' });
    expect(text).toBe('@Grace Hopper');
    const hostile = mention.type.create({ id: 'x', label: 'X', color: 'red; background: url(https://evil.example/)' });
    const [, hostileAttrs] = renderSpec(hostile);
    expect(hostileAttrs.style).toBeUndefined();
    expect(hostileAttrs['data-color']).toBeUndefined();
  });
});
