import { DocumentCodec, DocumentView } from '@tandem/document';
import type * as Y from 'yjs';

export type ExportFormat = 'markdown' | 'html' | 'text';

/** A document as a file to save. */
export interface ExportedFile {
  filename: string;
  mimeType: string;
  content: string;
}

const FILE_EXTENSIONS: Record<ExportFormat, string> = { markdown: 'md', html: 'html', text: 'txt' };
const MIME_TYPES: Record<ExportFormat, string> = {
  markdown: 'text/markdown;charset=utf-8',
  html: 'text/html;charset=utf-8',
  text: 'text/plain;charset=utf-8',
};

/** A file name from a document's title: what file systems refuse becomes `-`, at most 100 characters; `fallback` for an empty title. */
export function exportFileName(title: string, fallback: string, format: ExportFormat): string {
  const base = title
    // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what file systems refuse
    .replace(/[\\/:*?"<>|\u0000-\u001f]+/g, '-')
    .replace(/\s+/g, ' ')
    .trim()
    .replace(/^\.+/, '')
    .slice(0, 100)
    .trim();
  return `${base === '' ? fallback : base}.${FILE_EXTENSIONS[format]}`;
}

const escapeHtml = (text: string): string =>
  text.replace(/[&<>"]/g, (char) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[char] as string);

/** A standalone HTML page: the title as its `<title>`, the content as its body. */
export function htmlPage(title: string, body: string): string {
  return `<!doctype html>\n<html>\n<head>\n<meta charset="utf-8">\n<title>${escapeHtml(title)}</title>\n</head>\n<body>\n${body}\n</body>\n</html>\n`;
}

/**
 * The document as a file, converted with the shared conversions of `@tandem/document` (the ones
 * the server's documents API uses): Markdown, an HTML page, or plain text. The content only; the
 * title names the file (and the HTML page).
 */
export function exportDocument(doc: Y.Doc, format: ExportFormat, fallbackName: string): ExportedFile {
  const view = new DocumentView(doc, new DocumentCodec());
  try {
    const { title } = view;
    const body = format === 'markdown' ? view.markdown() : format === 'html' ? htmlPage(title, view.html()) : view.text();
    const content = format === 'html' || body === '' || body.endsWith('\n') ? body : `${body}\n`;
    return { filename: exportFileName(title, fallbackName, format), mimeType: MIME_TYPES[format], content };
  } finally {
    view.destroy();
  }
}

/** Saves a file through the browser's download (an object URL on a link clicked once). */
export function downloadFile(file: ExportedFile): void {
  const url = URL.createObjectURL(new Blob([file.content], { type: file.mimeType }));
  const link = document.createElement('a');
  link.href = url;
  link.download = file.filename;
  link.hidden = true;
  document.body.append(link);
  link.click();
  link.remove();
  // The download has its own reference by now; the URL is released once it has started.
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
