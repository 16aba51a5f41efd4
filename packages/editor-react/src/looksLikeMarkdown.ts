/** Line starts that only Markdown gives a meaning: headings, list items, tasks, quotes, fences, rules, table rules. */
const BLOCK_SIGNS = [
  /^#{1,6}[ \t]+\S/m,
  /^[ \t]*[-*+][ \t]+\S/m,
  /^[ \t]*\d{1,9}[.)][ \t]+\S/m,
  /^[ \t]*>[ \t]?\S/m,
  /^[ \t]*(```|~~~)/m,
  /^[ \t]*(-{3,}|\*{3,}|_{3,})[ \t]*$/m,
  /^[ \t]*\|?[ \t]*:?-{3,}:?[ \t]*(\|[ \t]*:?-{3,}:?[ \t]*)+\|?[ \t]*$/m,
];

/** Inline spans written the Markdown way: **bold**, __bold__, ~~strike~~, `code`, [text](url), *emphasis*. */
const INLINE_SIGNS = [
  /\*\*[^*\s][^*\n]*\*\*/,
  /(^|[\s(])__[^_\s][^_\n]*__(?=$|[\s).,;:!?])/m,
  /~~[^~\s][^~\n]*~~/,
  /`[^`\n]+`/,
  /\[[^\]\n]+\]\([^()\s]+\)/,
  /(^|[\s(])\*[^*\s][^*\n]*[^*\s]\*(?=$|[\s).,;:!?])/m,
];

/**
 * Whether pasted plain text reads as Markdown, so that turning it into structure is what the
 * person expects: at least one block or inline construct that has no other meaning in prose.
 * Text like "2 * 3 * 4" or "snake_case_name" is not Markdown; a lone URL is left to the link
 * extension.
 */
export function looksLikeMarkdown(text: string): boolean {
  const trimmed = text.trim();
  if (trimmed.length === 0 || /^\S+:\/\/\S+$/.test(trimmed)) return false;
  return BLOCK_SIGNS.some((sign) => sign.test(text)) || INLINE_SIGNS.some((sign) => sign.test(text));
}
