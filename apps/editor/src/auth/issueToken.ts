import { isValidDocName } from '@tandem/editor-react/doc-name';
import { signToken } from '@tandem/sync-server/tokens';
import { nameProblem } from '@/identity/identity';
import { claimAccess, isShareAccess, type ShareAccess, type ShareGrant } from './access';
import { signShareGrant, verifyShareGrant } from './shareGrant';

/** Tokens live ten minutes; the editor fetches the next one a minute before. */
export const TOKEN_LIFETIME_SEC = 600;
/** At most this many grants in one token (the document list's token carries the browser's whole keyring). */
export const MAX_GRANTS = 100;

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
  /** Epoch milliseconds. */
  expiresAt: number;
  /** Per granted document, the share links this holder may hand on: view always, edit only to editors. */
  share: Record<string, { edit?: string; view: string }>;
  /** Documents whose grants were invalid and skipped (only with `skipInvalid`). */
  rejected: string[];
}

export interface TokenRequest {
  name: string;
  grants: ShareGrant[];
  /** Leave out invalid grants instead of refusing the request (the document list's keyring). */
  skipInvalid: boolean;
}

/** Checks a request body: `{ name, grants: [{ docId, access, sig }], skipInvalid? }`. */
export function parseTokenRequest(body: unknown): TokenRequest {
  if (typeof body !== 'object' || body === null) throw new TokenRequestError(400, 'expected a JSON object { name, grants }');
  const { name, grants, skipInvalid } = body as Record<string, unknown>;
  if (typeof name !== 'string' || nameProblem(name) !== null) throw new TokenRequestError(400, 'sign in with a name of 1-40 characters');
  if (!Array.isArray(grants) || grants.length > MAX_GRANTS) throw new TokenRequestError(400, `"grants" must be a list of at most ${MAX_GRANTS}`);
  return {
    name: name.trim(),
    skipInvalid: skipInvalid === true,
    grants: grants.map((grant) => {
      const { docId, access, sig } = (grant ?? {}) as Record<string, unknown>;
      if (typeof docId !== 'string' || !isValidDocName(docId) || !isShareAccess(access) || typeof sig !== 'string') {
        throw new TokenRequestError(400, 'each grant is { docId, access: "edit" | "view", sig }');
      }
      return { docId, access, sig };
    }),
  };
}

/**
 * Demo sign-in: whoever names themselves gets a short-lived token (sub `demo:<name>`) for exactly
 * the documents whose share grants they present, with the access each grant gives. A grant with a
 * bad signature refuses the whole request (403), so a tampered link is reported, not ignored.
 */
export async function issueToken(
  secret: string,
  request: { name: string; grants: readonly ShareGrant[]; skipInvalid?: boolean },
): Promise<IssuedToken> {
  const docs: Record<string, 'read' | 'write'> = {};
  const share: IssuedToken['share'] = {};
  const rejected: string[] = [];
  for (const grant of request.grants) {
    if (!verifyShareGrant(secret, grant.docId, grant.access, grant.sig)) {
      if (request.skipInvalid) {
        rejected.push(grant.docId);
        continue;
      }
      throw new TokenRequestError(403, 'This share link is not valid (it was changed, or the server’s secret was rotated).');
    }
    // Two grants for one doc: the stronger one wins.
    if (docs[grant.docId] !== 'write') docs[grant.docId] = claimAccess(grant.access);
  }
  for (const [docId, access] of Object.entries(docs)) {
    share[docId] = { view: signShareGrant(secret, docId, 'view'), ...(access === 'write' ? { edit: signShareGrant(secret, docId, 'edit') } : {}) };
  }
  const token = await signToken({ secret, sub: `demo:${request.name}`, name: request.name, docs, expiresIn: TOKEN_LIFETIME_SEC });
  return { token, expiresAt: Date.now() + TOKEN_LIFETIME_SEC * 1000, share, rejected };
}

/** The grant a new document's creator gets: edit. */
export function creatorGrant(secret: string, docId: string): ShareGrant {
  const access: ShareAccess = 'edit';
  return { docId, access, sig: signShareGrant(secret, docId, access) };
}
