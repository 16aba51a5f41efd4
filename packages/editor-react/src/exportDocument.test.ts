import { DocumentCodec, DocumentView, replaceContent, setTitle } from '@tandem/document';
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { exportDocument, exportFileName } from './exportDocument.js';

const MARKDOWN = '# Plan\n\n- one\n- **two** and [a link](https://example.com)\n\n> quoted';

function documentOf(markdown: string, title: string): Y.Doc {
  const doc = new Y.Doc();
  const codec = new DocumentCodec();
  const view = new DocumentView(doc, codec);
  replaceContent(view, codec.parse('markdown', markdown));
  setTitle(doc, title);
  view.destroy();
  return doc;
}

describe('exportDocument', () => {
  it('gives Markdown that parses back to the same document, an HTML page with the title, and the plain text', () => {
    const doc = documentOf(MARKDOWN, 'Q3 <plan>');
    const markdown = exportDocument(doc, 'markdown', 'Untitled');
    expect(markdown).toEqual({ filename: 'Q3 -plan-.md', mimeType: 'text/markdown;charset=utf-8', content: `${MARKDOWN}\n` });
    const html = exportDocument(doc, 'html', 'Untitled');
    expect(html.filename).toBe('Q3 -plan-.html');
    expect(html.content).toMatch(/^<!doctype html>\n<html>\n<head>\n<meta charset="utf-8">\n<title>Q3 &lt;plan&gt;<\/title>/);
    expect(html.content).toContain('<h1>Plan</h1>');
    expect(html.content).toContain('<strong>two</strong>');
    const text = exportDocument(doc, 'text', 'Untitled');
    expect(text.content).toBe('Plan\n\none\n\ntwo and a link\n\nquoted\n');
  });

  it('names the file after the title, without what file systems refuse, or the fallback', () => {
    expect(exportFileName('  a/b\\c: d?*  ', 'Untitled', 'text')).toBe('a-b-c- d-.txt');
    expect(exportFileName('...hidden', 'Untitled', 'markdown')).toBe('hidden.md');
    expect(exportFileName('   ', 'Untitled', 'html')).toBe('Untitled.html');
    expect(exportFileName('x'.repeat(300), 'Untitled', 'text')).toBe(`${'x'.repeat(100)}.txt`);
  });
});
