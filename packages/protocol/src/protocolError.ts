/** What was wrong with a frame (or a doc name). Stable strings: log them, branch on them. */
export type ProtocolErrorKind =
  | 'empty-message'
  | 'truncated'
  | 'varint-overflow'
  | 'unknown-type'
  | 'trailing-bytes'
  | 'invalid-update'
  | 'invalid-state-vector'
  | 'invalid-awareness'
  | 'invalid-doc-name';

/** Thrown by `decodeMessage` and `validateDocName` for input that does not follow the protocol. */
export class ProtocolError extends Error {
  override readonly name = 'ProtocolError';
  readonly kind: ProtocolErrorKind;

  constructor(kind: ProtocolErrorKind, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.kind = kind;
  }
}
