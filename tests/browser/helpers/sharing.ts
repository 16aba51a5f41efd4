import { cookieHeader, type TestAccount } from './accounts.js';

/** A request to the app's API as `account` (its session cookie, from the app's own origin). */
export async function appCall(
  appUrl: string,
  account: TestAccount,
  method: string,
  path: string,
  body?: unknown,
  headers: Record<string, string> = {},
): Promise<{ status: number; json: Record<string, unknown> }> {
  const response = await fetch(`${appUrl}${path}`, {
    method,
    headers: {
      Origin: appUrl,
      Cookie: cookieHeader(account),
      ...(body === undefined ? {} : { 'Content-Type': 'application/json' }),
      ...headers,
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const json = (await response.json().catch(() => ({}))) as Record<string, unknown>;
  return { status: response.status, json };
}

const documentPath = (docId: string, rest = '') => `/api/documents/${encodeURIComponent(docId)}${rest}`;

/** A sync-server token from the app's token route for `account`'s session, and what it gives on `docId`. */
export async function syncToken(appUrl: string, account: TestAccount, docId?: string): Promise<{ token: string; access: string | null }> {
  const answer = await appCall(appUrl, account, 'POST', '/api/token', docId === undefined ? {} : { docId });
  if (answer.status !== 200) throw new Error(`a token for ${account.name} was refused: ${answer.status} ${JSON.stringify(answer.json)}`);
  return { token: answer.json.token as string, access: (answer.json.access as string | null) ?? null };
}

/**
 * A new document of the workspace made by `account` as the New document button makes it (the app
 * names it and records its creator), with a title and Markdown text written through the sync
 * server's documents API with their token. Its name.
 */
export async function createDocumentAs(
  appUrl: string,
  syncHttpUrl: string,
  account: TestAccount,
  content: { title: string; markdown: string },
): Promise<string> {
  const created = await appCall(appUrl, account, 'POST', '/api/documents', { title: content.title });
  if (created.status !== 201)
    throw new Error(`creating a document as ${account.name} failed: ${created.status} ${JSON.stringify(created.json)}`);
  const docId = created.json.docId as string;
  const { token } = await syncToken(appUrl, account, docId);
  const response = await fetch(`${syncHttpUrl}/api/docs`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${token}` },
    body: JSON.stringify({ name: docId, format: 'markdown', content: content.markdown, title: content.title }),
  });
  if (response.status !== 201) throw new Error(`writing ${docId} failed: ${response.status} ${await response.text()}`);
  return docId;
}

/** Shares a document with someone of the workspace (by name or email) through the app's API. */
export async function shareWith(appUrl: string, by: TestAccount, docId: string, person: string, role: 'editor' | 'viewer'): Promise<void> {
  const answer = await appCall(appUrl, by, 'POST', documentPath(docId, '/shares'), { person, role });
  if (answer.status !== 201) throw new Error(`sharing ${docId} with ${person} failed: ${answer.status} ${JSON.stringify(answer.json)}`);
}

/** A share link made through the app's API (as the share dialog's Create link does): its URL. */
export async function shareLink(
  appUrl: string,
  by: TestAccount,
  docId: string,
  role: 'editor' | 'viewer',
  expiry: { expiresAt?: number; expiresInDays?: number | null } = {},
): Promise<string> {
  const answer = await appCall(appUrl, by, 'POST', documentPath(docId, '/links'), { role, ...expiry });
  if (answer.status !== 201) throw new Error(`making a ${role} link to ${docId} failed: ${answer.status} ${JSON.stringify(answer.json)}`);
  return answer.json.url as string;
}
