import { isValidDocName } from '@tandem/editor-react/doc-name';
import { type DocumentAccess, documentAccess } from '@/workspace/documentAccess';
import type { AppServer } from './appServer';
import type { Account } from './currentAccount';
import { refuse, routeAccount } from './routeAccount';

export type DocumentRouteParams = { params: Promise<{ id: string }> };

/**
 * For a `/api/documents/{id}/…` route: the signed-in account and what it may do with the document,
 * or the answer to give instead (403 cross-site, 401 signed out, 400 a bad name, 404 when they
 * cannot open it: the same answer whether or not it exists).
 */
export async function documentRoute(
  request: Request,
  { params }: DocumentRouteParams,
  options: { changes: boolean },
): Promise<{ server: AppServer; account: Account; target: DocumentAccess; error?: undefined } | { error: Response }> {
  const found = await routeAccount(request, options);
  if (found.error) return found;
  const { id } = await params;
  let docId: string;
  try {
    docId = decodeURIComponent(id);
  } catch {
    return { error: refuse(400, 'not a document name') };
  }
  if (!isValidDocName(docId)) return { error: refuse(400, 'not a document name') };
  const target = await documentAccess(found.server.database.db, found.account.user.id, docId, Date.now());
  if (target.access === null) return { error: refuse(404, 'No such document, or you cannot open it.') };
  return { ...found, target };
}
