import { getSchema } from '@tiptap/core';
import { Node } from '@tiptap/pm/model';
import { describe, expect, it } from 'vitest';
import { tandemExtensions } from './tandemExtensions.js';

// Runs in plain Node (no DOM): the list must load and build a schema there, as a server would.
describe('tandemExtensions', () => {
  const schema = getSchema(tandemExtensions());

  it('builds a schema with every node and mark the editor offers, without a DOM', () => {
    expect('document' in globalThis).toBe(false);
    for (const node of [
      'paragraph',
      'heading',
      'bulletList',
      'orderedList',
      'taskList',
      'taskItem',
      'blockquote',
      'codeBlock',
      'horizontalRule',
      'table',
      'tableRow',
      'tableHeader',
      'tableCell',
    ]) {
      expect(schema.nodes[node], node).toBeDefined();
    }
    for (const mark of ['bold', 'italic', 'strike', 'code', 'underline', 'link', 'highlight', 'subscript', 'superscript']) {
      expect(schema.marks[mark], mark).toBeDefined();
    }
    expect(schema.nodes.paragraph?.spec.attrs?.textAlign).toBeDefined();
    expect(schema.nodes.tableCell?.spec.attrs?.colwidth).toBeDefined();
  });

  it('reads a nested, checked task list back from JSON', () => {
    const doc = Node.fromJSON(schema, {
      type: 'doc',
      content: [
        {
          type: 'taskList',
          content: [
            {
              type: 'taskItem',
              attrs: { checked: true },
              content: [
                { type: 'paragraph', content: [{ type: 'text', text: 'Ship it' }] },
                {
                  type: 'taskList',
                  content: [
                    {
                      type: 'taskItem',
                      attrs: { checked: false },
                      content: [{ type: 'paragraph', content: [{ type: 'text', text: 'Test it' }] }],
                    },
                  ],
                },
              ],
            },
          ],
        },
      ],
    });
    doc.check();
    expect(doc.firstChild?.firstChild?.attrs.checked).toBe(true);
    expect(doc.textContent).toBe('Ship itTest it');
  });

  it('keeps links from growing over text typed after them, and never renders an unsafe href', () => {
    const link = schema.marks.link;
    if (link === undefined) throw new Error('no link mark');
    expect(link.spec.inclusive).toBe(false);
    const render = (href: string) => link.spec.toDOM?.(link.create({ href }), true) as unknown as [string, Record<string, string | null>];
    const [tag, safe] = render('https://example.com');
    expect(tag).toBe('a');
    expect(safe).toMatchObject({ href: 'https://example.com', target: '_blank', rel: 'noopener noreferrer nofollow' });
    expect(render('javascript:alert(1)')[1].href).toBe('');
  });
});
