/**
 * Names of the shared types inside every Tandem `Y.Doc`.
 * - `content`: the `Y.XmlFragment` the Tiptap Collaboration extension edits (its default field).
 * - `title`: a `Y.Text` with the document title; the server copies it into the stored metadata.
 */
export const DocSchema = { content: 'default', title: 'title' } as const;
