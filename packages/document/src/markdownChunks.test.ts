import { describe, expect, it } from 'vitest';
import { DocumentCodec } from './documentCodec.js';
import { markdownFixtures } from './fixtures/markdownFixtures.js';
import { markdownChunks } from './markdownChunks.js';

const codec = new DocumentCodec();
const manager = codec.markdownManager;

/** Every fixture, several times over, in an order that puts each kind of block next to each other kind. */
function longMarkdown(rounds: number): string {
  const fixtures = Object.values(markdownFixtures);
  const parts: string[] = [];
  for (let round = 0; round < rounds; round++) {
    for (let i = 0; i < fixtures.length; i++) parts.push(fixtures[(i * (round + 1)) % fixtures.length] as string);
  }
  return parts.join('\n\n');
}

describe('markdownChunks', () => {
  it('keeps a short text whole', () => {
    expect(markdownChunks('# Hi\n\ntext')).toEqual(['# Hi\n\ntext']);
  });

  it('cuts a long text into pieces that together hold all of it and parse into the same blocks as the whole', () => {
    const markdown = longMarkdown(12);
    const chunks = markdownChunks(markdown, 2000);
    expect(chunks.length).toBeGreaterThan(3);
    const pieces = chunks.flatMap((chunk) => manager.parse(chunk).content ?? []);
    expect(pieces).toEqual(manager.parse(markdown).content);
    // Each piece is cut at a blank line between two blocks; the blank lines are the only thing left out.
    expect(chunks.join('\n\n')).toBe(markdown);
  });

  it('never cuts between list items, through code, or inside a run of blank lines', () => {
    const list = Array.from({ length: 200 }, (_, i) => `- item ${i}\n\n  more about item ${i}`).join('\n');
    const code = `\`\`\`\n${Array.from({ length: 200 }, (_, i) => `line ${i}\n\n`).join('')}\`\`\``;
    const blanks = Array.from({ length: 200 }, (_, i) => `para ${i}`).join('\n\n\n\n');
    for (const markdown of [list, code, blanks]) {
      const chunks = markdownChunks(markdown, 100);
      expect(chunks.flatMap((chunk) => manager.parse(chunk).content ?? [])).toEqual(manager.parse(markdown).content);
    }
    expect(markdownChunks(list, 100)).toHaveLength(1);
    expect(markdownChunks(code, 100)).toHaveLength(1);
  });

  it('keeps a text with reference links whole (a definition may come after its use)', () => {
    const markdown = `${'See [the guide][g].\n\n'.repeat(50)}[g]: https://example.com/guide`;
    expect(markdownChunks(markdown, 100)).toEqual([markdown]);
    expect(codec.serialize(codec.parse('markdown', markdown), 'markdown')).toMatch(/^See \[the guide\]\(https:\/\/example.com\/guide\)/);
  });

  it('parses a long document through the codec in pieces, giving what the whole would', () => {
    const markdown = longMarkdown(20);
    expect(markdownChunks(markdown).length).toBeGreaterThan(1);
    // The whole, unchunked, is the slow reference (quadratic in Tiptap's lexer).
    expect(codec.parse('markdown', markdown).toJSON()).toEqual(codec.fromJSON(manager.parse(markdown)).toJSON());
  }, 30_000);
});
