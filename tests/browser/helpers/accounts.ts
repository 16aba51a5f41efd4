import type { BrowserContext } from 'playwright-core';

/** The password every test account signs up with. */
export const TEST_PASSWORD = 'tandem-test-password';

export type TestRole = 'admin' | 'member' | 'guest';

export interface TestAccount {
  userId: string;
  name: string;
  email: string;
  password: string;
  /** The session cookies its sign-up set, to put into a browser context. */
  cookies: { name: string; value: string }[];
}

/** The email a test person signs up with: `Ada Lovelace` → `ada.lovelace@example.test`. */
export function emailOf(name: string): string {
  return `${
    name
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '.')
      .replace(/^\.|\.$/g, '') || 'someone'
  }@example.test`;
}

function sessionCookies(response: Response): { name: string; value: string }[] {
  return response.headers.getSetCookie().flatMap((header) => {
    const [pair = ''] = header.split(';');
    const at = pair.indexOf('=');
    return at > 0 ? [{ name: pair.slice(0, at).trim(), value: pair.slice(at + 1).trim() }] : [];
  });
}

let addressCounter = 0;

/** Another client address for each call (as a gateway in front would report it), so a file stays under the per-address limits. */
function nextAddress(): string {
  addressCounter += 1;
  return `198.18.${Math.floor(addressCounter / 250) % 250}.${(addressCounter % 250) + 1}`;
}

/**
 * Signs up through the app's own endpoint (better-auth's `/api/auth/sign-up/email`), as the sign-up
 * form does, with `join` saying how (a fresh install's `workspaceName`, or an `inviteToken`). Each
 * account signs up from an address of its own (`X-Forwarded-For`, as the gateway in front sets it),
 * so a test file's sign-ups stay under the per-address limit.
 */
export async function signUp(
  appUrl: string,
  person: { name: string; color?: string },
  join: { workspaceName: string } | { inviteToken: string },
): Promise<TestAccount> {
  const email = emailOf(person.name);
  const response = await fetch(`${appUrl}/api/auth/sign-up/email`, {
    method: 'POST',
    headers: {
      'Content-Type': 'application/json',
      Origin: appUrl,
      'X-Forwarded-For': nextAddress(),
    },
    body: JSON.stringify({ name: person.name, email, password: TEST_PASSWORD, ...(person.color ? { color: person.color } : {}), ...join }),
  });
  const body = (await response.json().catch(() => ({}))) as { user?: { id: string }; message?: string };
  if (!response.ok || body.user === undefined) throw new Error(`signing up ${email} failed: ${response.status} ${body.message ?? ''}`);
  return { userId: body.user.id, name: person.name, email, password: TEST_PASSWORD, cookies: sessionCookies(response) };
}

/** Signs in through the app's endpoint (as the sign-in form does): the account with a new session. */
export async function signIn(appUrl: string, email: string, password: string, name = ''): Promise<TestAccount> {
  const response = await fetch(`${appUrl}/api/auth/sign-in/email`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', Origin: appUrl, 'X-Forwarded-For': nextAddress() },
    body: JSON.stringify({ email, password }),
  });
  const body = (await response.json().catch(() => ({}))) as { user?: { id: string; name: string }; message?: string };
  if (!response.ok || body.user === undefined) throw new Error(`signing in ${email} failed: ${response.status} ${body.message ?? ''}`);
  return { userId: body.user.id, name: name || body.user.name, email, password, cookies: sessionCookies(response) };
}

/** A sync-server token from the app's token route for this account's session (`docId`: and what it gives there). */
export async function tokenFor(
  appUrl: string,
  account: TestAccount,
  request: { docId?: string } = {},
): Promise<{ status: number; token: string | null; access: string | null }> {
  const response = await fetch(`${appUrl}/api/token`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', Origin: appUrl, Cookie: cookieHeader(account) },
    body: JSON.stringify(request),
  });
  const body = (await response.json().catch(() => ({}))) as { token?: string; access?: string | null };
  return { status: response.status, token: body.token ?? null, access: body.access ?? null };
}

/** An invitation link's token, made by a signed-in owner or admin through `/api/invite-links`. */
export async function inviteToken(appUrl: string, by: TestAccount, role: TestRole): Promise<string> {
  const response = await fetch(`${appUrl}/api/invite-links`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', Origin: appUrl, Cookie: cookieHeader(by) },
    body: JSON.stringify({ role, expiresInDays: 90 }),
  });
  const body = (await response.json().catch(() => ({}))) as { url?: string; error?: string };
  if (!response.ok || body.url === undefined)
    throw new Error(`creating a ${role} invitation failed: ${response.status} ${body.error ?? ''}`);
  return body.url.slice(body.url.lastIndexOf('/') + 1);
}

/** Sets an account's name and colour (better-auth's `/api/auth/update-user`, as the identity dialog does). */
export async function updateProfile(appUrl: string, account: TestAccount, profile: { name: string; color?: string }): Promise<void> {
  const response = await fetch(`${appUrl}/api/auth/update-user`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', Origin: appUrl, Cookie: cookieHeader(account) },
    body: JSON.stringify({ name: profile.name, ...(profile.color ? { color: profile.color } : {}) }),
  });
  if (!response.ok) throw new Error(`updating ${account.email} failed: ${response.status} ${await response.text()}`);
}

export function cookieHeader(account: TestAccount): string {
  return account.cookies.map((cookie) => `${cookie.name}=${cookie.value}`).join('; ');
}

/** Signs the browser context in as `account` (its session cookies, as the sign-in would set them). */
export async function signInContext(context: BrowserContext, appUrl: string, account: TestAccount): Promise<void> {
  await context.addCookies(account.cookies.map((cookie) => ({ ...cookie, url: appUrl, httpOnly: true, sameSite: 'Lax' as const })));
}
