/** What the sync server's documents API converts a file from. */
export type ImportFormat = 'markdown' | 'html' | 'text';

const FORMAT_BY_EXTENSION: Record<string, ImportFormat> = {
  md: 'markdown',
  markdown: 'markdown',
  html: 'html',
  htm: 'html',
  txt: 'text',
  text: 'text',
};

/** The file picker's filter: the extensions and media types that can be imported. */
export const IMPORT_ACCEPT = '.md,.markdown,.html,.htm,.txt,text/markdown,text/html,text/plain';

/** The format of a file by its extension, or null when it cannot be imported. */
export function importFormatOf(fileName: string): ImportFormat | null {
  const dot = fileName.lastIndexOf('.');
  if (dot <= 0) return null;
  return FORMAT_BY_EXTENSION[fileName.slice(dot + 1).toLowerCase()] ?? null;
}

/** A document title from a file name: without its extension, spaces for the separators people use in file names. */
export function titleOfFile(fileName: string): string {
  const dot = fileName.lastIndexOf('.');
  const base = dot > 0 ? fileName.slice(0, dot) : fileName;
  return base.replace(/[_]+/g, ' ').trim().slice(0, 200);
}
