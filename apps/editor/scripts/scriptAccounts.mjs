// Accounts for the scripts that drive the app in Chromium (screenshots, the browser benchmark): the
// first person signs up setting up the workspace (a fresh DATA_DIR), the others sign up with an
// invitation link; each person's session cookies go into their browser context. The same requests
// as the sign-up form and the workspace page make.
const PASSWORD = 'tandem-script-password';

export function scriptAccounts(appUrl) {
  const sessions = new Map();
  let owner = null;
  let invite = null;
  let address = 0;

  const post = async (path, body, cookie, method = 'POST') => {
    address += 1;
    const response = await fetch(`${appUrl}${path}`, {
      method,
      headers: {
        'Content-Type': 'application/json',
        Origin: appUrl,
        'X-Forwarded-For': `198.18.0.${address}`,
        ...(cookie ? { Cookie: cookie } : {}),
      },
      body: method === 'GET' ? undefined : JSON.stringify(body),
    });
    const answer = await response.json().catch(() => ({}));
    if (!response.ok) throw new Error(`${path} answered ${response.status}: ${answer.message ?? answer.error ?? ''}`);
    return { response, answer };
  };
  const cookiesOf = (response) =>
    response.headers.getSetCookie().map((header) => {
      const [pair] = header.split(';');
      const at = pair.indexOf('=');
      return { name: pair.slice(0, at), value: pair.slice(at + 1) };
    });
  const header = (cookies) => cookies.map((c) => `${c.name}=${c.value}`).join('; ');

  async function account({ name, color }) {
    const known = sessions.get(name);
    if (known) return known;
    const email = `${name.toLowerCase().replace(/[^a-z0-9]+/g, '.')}@example.test`;
    let join;
    if (owner === null) join = { workspaceName: 'Acme' };
    else {
      invite ??= (await post('/api/invite-links', { role: 'member', expiresInDays: 1 }, header(owner.cookies))).answer.url.split('/').pop();
      join = { inviteToken: invite };
    }
    const { response } = await post('/api/auth/sign-up/email', { name, email, password: PASSWORD, color, ...join });
    const created = { email, cookies: cookiesOf(response) };
    if (owner === null) owner = created;
    sessions.set(name, created);
    return created;
  }

  return {
    /** A request to the app's API as `person` (their session, from the app's own pages): its JSON answer. */
    async request(person, method, path, body = {}) {
      const { cookies } = await account(person);
      return (await post(path, body, header(cookies), method)).answer;
    },
    /** A new document of the workspace made by `person` (as New document makes it: the app names it): its name. */
    async newDocument(person, title) {
      const { cookies } = await account(person);
      const { answer } = await post('/api/documents', title ? { title } : {}, header(cookies));
      return answer.docId;
    },
    /** Signs `person` in in `context` (their account made on first use). */
    async signIn(context, person) {
      const { cookies } = await account(person);
      await context.addCookies(cookies.map((cookie) => ({ ...cookie, url: appUrl, httpOnly: true, sameSite: 'Lax' })));
    },
  };
}
