/** About `bytes` of Markdown: headings, paragraphs with marks and links, lists, quotes (a few seconds to import per MiB). */
export function largeMarkdown(bytes: number): string {
  const parts: string[] = [];
  let size = 0;
  for (let i = 0; size < bytes; i++) {
    const part =
      i % 20 === 0
        ? `## Section ${i / 20}`
        : i % 7 === 0
          ? `- item ${i} with *emphasis*\n- another item\n  - nested ${i}`
          : `Paragraph ${i}: some **bold** words, a [link](https://example.com/${i}) and more plain text to fill a line.`;
    parts.push(part);
    size += part.length + 2;
  }
  return parts.join('\n\n');
}
