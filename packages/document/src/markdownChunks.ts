import { Lexer, type Token } from 'marked';

/** Block types a chunk may end with or start with: none of them can continue past a blank line. */
const SELF_CONTAINED = new Set(['paragraph', 'heading', 'code', 'blockquote', 'hr', 'table']);

/** Chunks of about this many characters keep Tiptap's lexer (linear within a chunk) fast. */
const CHUNK_CHARS = 16 * 1024;

/**
 * Markdown cut into pieces that parse, one by one, into exactly the blocks the whole text parses
 * into. Tiptap's Markdown lexer (marked plus the schema's tokenizers) re-splits the rest of the
 * text into lines at every block, so a long text takes quadratic time (a megabyte: tens of
 * seconds); each piece is short, so the whole is linear. Pieces end only at a single blank line
 * between two blocks that cannot continue past it (paragraphs, headings, code, quotes, rules,
 * tables), found with marked's own block lexer; lists, HTML and runs of blank lines (which become
 * empty paragraphs) are never cut, nor a text with reference links. `markdownChunks.test.ts` checks the pieces parse the same.
 */
export function markdownChunks(markdown: string, chunkChars = CHUNK_CHARS): string[] {
  if (markdown.length <= chunkChars) return [markdown];
  // Block tokens only (the inline ones are Tiptap's lexer's job), from text with marked's line endings.
  const lexer = new Lexer({ gfm: true });
  const tokens = lexer.blockTokens(markdown.replace(/\r\n?/g, '\n'), []);
  // Reference links (`[text][ref]` with `[ref]: url` anywhere) need the whole text.
  if (Object.keys(lexer.tokens.links).length > 0) return [markdown];
  const chunks: string[] = [];
  let current = '';
  for (let i = 0; i < tokens.length; i++) {
    const token = tokens[i] as Token;
    const before = tokens[i - 1];
    const after = tokens[i + 1];
    const cutHere =
      current.length >= chunkChars &&
      token.type === 'space' &&
      token.raw === '\n\n' &&
      before !== undefined &&
      after !== undefined &&
      SELF_CONTAINED.has(before.type) &&
      SELF_CONTAINED.has(after.type);
    if (cutHere) {
      chunks.push(current);
      current = '';
    } else {
      current += token.raw;
    }
  }
  if (current !== '' || chunks.length === 0) chunks.push(current);
  return chunks;
}
