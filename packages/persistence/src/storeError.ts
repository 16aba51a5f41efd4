/**
 * The one error type every store operation rejects with. `docName` is the document the
 * failed operation was about (null for store-wide operations such as `list` or `close`),
 * and the message always names it, so a log line alone says which document broke.
 */
export class StoreError extends Error {
  override readonly name = 'StoreError';
  readonly docName: string | null;

  constructor(message: string, options: { docName?: string | null; cause?: unknown } = {}) {
    const docName = options.docName ?? null;
    const causeText = describeCause(options.cause);
    const subject = docName === null ? '' : ` (doc ${JSON.stringify(docName)})`;
    super(`${message}${subject}${causeText === '' ? '' : `: ${causeText}`}`, { cause: options.cause });
    this.docName = docName;
  }
}

function describeCause(cause: unknown): string {
  if (cause === undefined) return '';
  if (cause instanceof Error) return cause.message;
  return String(cause);
}
