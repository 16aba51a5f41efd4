import { isValidDocName } from '@tandem/editor-react/doc-name';
import { accessForDoc, type DocAccess, parseDocsClaim, signToken } from '@tandem/tokens';

/** Tokens live ten minutes; the editor fetches the next one a minute before. */
export const TOKEN_LIFETIME_SEC = 600;

export class TokenRequestError extends Error {
  override name = 'TokenRequestError';
  readonly status: 400 | 403;
  constructor(status: 400 | 403, message: string) {
    super(message);
    this.status = status;
  }
}

export interface IssuedToken {
  token: string;
  /** The token's id (`jti`): the app keeps it until `expiresAt`, so a change of rights can revoke it. */
  jti: string;
  /** Epoch milliseconds. */
  expiresAt: number;
  /** What the token gives on the document asked about (`docId`): null, nothing. */
  access: DocAccess | null;
}

export interface TokenRequest {
  /** The document being opened: the answer says what the token gives on it. */
  docId: string | null;
}

/** Who the token is for: the signed-in account. */
export interface TokenHolder {
  id: string;
  name: string;
}

/** Checks a request body: `{ docId? }`. */
export function parseTokenRequest(body: unknown): TokenRequest {
  if (typeof body !== 'object' || body === null || Array.isArray(body))
    throw new TokenRequestError(400, 'expected a JSON object { docId? }');
  const { docId = null } = body as Record<string, unknown>;
  if (docId !== null && (typeof docId !== 'string' || !isValidDocName(docId)))
    throw new TokenRequestError(400, '"docId" must be a document name');
  return { docId };
}

/**
 * A short-lived sync-server token for the signed-in `holder` (`sub` = their account id, `name`
 * their display name) for exactly the documents their account may open (`rights`, a docs claim
 * from `rightsOf`: their workspace, shares, links they opened), each with its access; and what it
 * gives on `docId`, read as the sync server reads the claim (an exact name beats a prefix).
 */
export async function issueToken(
  secret: string,
  request: { holder: TokenHolder; rights: Readonly<Record<string, DocAccess>>; docId?: string | null },
): Promise<IssuedToken> {
  const docs = { ...request.rights };
  const parsed = parseDocsClaim(docs);
  if (!parsed.ok) throw new Error(`the docs claim is invalid: ${parsed.reason}`);
  // A fresh id per token, so one token can be revoked (`/api/revocations` with its jti).
  const jti = globalThis.crypto.randomUUID();
  const token = await signToken({ secret, sub: request.holder.id, name: request.holder.name, docs, expiresIn: TOKEN_LIFETIME_SEC, jti });
  const access = request.docId ? accessForDoc(parsed.claim, request.docId) : null;
  return { token, jti, expiresAt: Date.now() + TOKEN_LIFETIME_SEC * 1000, access };
}
