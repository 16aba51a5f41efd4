/** The text formats a document converts to and from (`yjs`, the binary state, is the server's own). */
export const CONTENT_FORMATS = ['json', 'html', 'markdown', 'text'] as const;
export type ContentFormat = (typeof CONTENT_FORMATS)[number];

/** ProseMirror/Tiptap JSON of a node: `{ type, attrs?, content?, marks?, text? }`. */
export interface JSONContent {
  type?: string;
  attrs?: Record<string, unknown>;
  content?: JSONContent[];
  marks?: { type: string; attrs?: Record<string, unknown> }[];
  text?: string;
  [key: string]: unknown;
}
