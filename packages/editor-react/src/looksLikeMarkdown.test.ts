import { describe, expect, it } from 'vitest';
import { looksLikeMarkdown } from './looksLikeMarkdown.js';

describe('looksLikeMarkdown', () => {
  it('recognises the block constructs', () => {
    for (const text of [
      '# Title',
      'Intro\n\n## Section\ntext',
      '- one\n- two',
      '* one',
      '1. first\n2. second',
      '- [ ] todo',
      '> quoted',
      '```js\nconst a = 1;\n```',
      'above\n\n---\n\nbelow',
      '| a | b |\n|---|---|\n| 1 | 2 |',
    ]) {
      expect(looksLikeMarkdown(text), text).toBe(true);
    }
  });

  it('recognises the inline constructs', () => {
    for (const text of [
      'some **bold** text',
      'a __strong__ word',
      'run `npm test` now',
      'see [the docs](https://example.com)',
      'an *emphasised* word',
      '~~gone~~',
    ]) {
      expect(looksLikeMarkdown(text), text).toBe(true);
    }
  });

  it('leaves prose, arithmetic, identifiers and lone URLs alone', () => {
    for (const text of [
      'Just a sentence.',
      'Two lines\nof prose.',
      '2 * 3 * 4 = 24',
      'call snake_case_name twice',
      'https://example.com/a_b*c',
      '#hashtag without a space',
      '',
      '   ',
    ]) {
      expect(looksLikeMarkdown(text), JSON.stringify(text)).toBe(false);
    }
  });
});
