import { describe, expect, it } from 'vitest';
import { importFormatOf, titleOfFile } from './importFile';

describe('importing a file', () => {
  it('knows Markdown, HTML and text by their extensions, nothing else', () => {
    expect(['a.md', 'A.MARKDOWN', 'b.html', 'c.htm', 'd.txt', 'e.text'].map(importFormatOf)).toEqual([
      'markdown',
      'markdown',
      'html',
      'html',
      'text',
      'text',
    ]);
    expect(['a.pdf', 'a.docx', 'md', '.md', 'notes'].map(importFormatOf)).toEqual([null, null, null, null, null]);
  });

  it('titles the document after the file', () => {
    expect(titleOfFile('Meeting_notes 2024.md')).toBe('Meeting notes 2024');
    expect(titleOfFile('plan.v2.html')).toBe('plan.v2');
  });
});
