/** What was wrong with content given to a conversion. Stable strings: branch on them. */
export type ContentErrorKind = 'invalid-json' | 'invalid-content' | 'unsafe-address' | 'unknown-block' | 'unreadable-document';

/**
 * Thrown for content that cannot become a Tandem document (a node the schema does not know, a
 * paragraph inside a text node, a `javascript:` link…), or a block reference that matches
 * nothing. The message says what and where; nothing was changed.
 */
export class ContentError extends Error {
  override readonly name = 'ContentError';
  readonly kind: ContentErrorKind;

  constructor(kind: ContentErrorKind, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.kind = kind;
  }
}
