import { describe, expect, it } from 'vitest';
import { XmlElement, XmlText } from 'yjs';
import { apiClient, docPath, makeApiKey } from '../documents-api/apiClient.js';
import { connectClient } from '../src/helpers/connectClient.js';
import { tryUpgrade } from '../src/helpers/tryUpgrade.js';
import { waitFor } from '../src/helpers/waitFor.js';
import { inviteToken, signIn, signInContext, signUp, type TestAccount, tokenFor } from './helpers/accounts.js';
import { chromiumPath } from './helpers/chromium.js';
import { EditorPage } from './helpers/editorPage.js';
import { useBrowserStack } from './helpers/stack.js';

const executablePath = chromiumPath();
const SECRET = 'browser-accounts-secret-that-is-long-enough-for-hs256';
// The app's admin key on the sync server: removals reach open connections through /api/revocations.
const admin = makeApiKey('tandem-app', ['admin']);
const OLIVE = { name: 'Olive Owner', email: 'olive@acme.test', password: 'olive password 1' };

/**
 * One workspace through the file, as a team would use it: set up by its first visitor, people
 * invited by link and by email, roles checked by the sync server, a member removed.
 */
describe.skipIf(executablePath === null)('accounts and workspaces (Chromium)', () => {
  const stack = useBrowserStack(executablePath ?? '', import.meta.url, {
    env: { AUTH_SECRET: SECRET, API_KEYS: JSON.stringify([admin.entry]), SYNC_ADMIN_KEY: admin.key },
    setUpWorkspace: false,
  });
  const shared: { docId: string; viewLink: string } = { docId: '', viewLink: '' };

  /** Olive in a fresh context, signed in. */
  async function oliveSignedIn() {
    const olive = await stack.openUser(null);
    await signInContext(olive.context, stack.app.url, stack.owner);
    return olive;
  }

  it('the first visitor sets the workspace up and owns it; she signs out and in; a second device signed in as her sees the same documents', async () => {
    const olive = await stack.openUser(null);
    await olive.page.goto(stack.app.url);
    await olive.page.waitForURL(/\/setup$/);
    await olive.page.getByTestId('sign-up-workspace').fill('Acme');
    await olive.page.getByTestId('sign-up-name').fill(OLIVE.name);
    await olive.page.getByTestId('sign-up-email').fill(OLIVE.email);
    await olive.page.getByTestId('sign-up-password').fill(OLIVE.password);
    await olive.page.getByTestId('sign-up-submit').click();
    await olive.page.waitForURL(`${stack.app.url}/`);
    await olive.page.getByTestId('identity-button').filter({ hasText: OLIVE.name }).waitFor();
    // Set up once: the setup page now sends people on (here, signed in, home).
    await olive.page.goto(`${stack.app.url}/setup`);
    await olive.page.waitForURL(`${stack.app.url}/`);

    await olive.page.getByTestId('new-document').click();
    await olive.page.waitForURL(/\/d\/[a-z0-9]{6}-[a-z0-9]{12}$/);
    shared.docId = decodeURIComponent(new URL(olive.page.url()).pathname.slice('/d/'.length));
    const o = new EditorPage(olive.page, stack.app.url);
    await o.waitUntilSynced();
    await o.title.fill('Roadmap');
    await o.focusEnd();
    await olive.page.keyboard.type('Ship accounts.');
    await o.waitUntilSaved();

    // Signed out (from the account page), the app sends her to sign in.
    await olive.page.goto(`${stack.app.url}/account`);
    await olive.page.getByTestId('sign-out').click();
    await olive.page.waitForURL(/\/sign-in$/);
    await olive.page.goto(stack.app.url);
    await olive.page.waitForURL(/\/sign-in\?next=%2F$/);
    await olive.page.getByTestId('sign-in-email').fill(OLIVE.email);
    await olive.page.getByTestId('sign-in-password').fill('not her password');
    await olive.page.getByTestId('sign-in-submit').click();
    expect(await olive.page.getByTestId('sign-in-error').textContent()).toMatch(/invalid email or password/i);
    await olive.page.getByTestId('sign-in-password').fill(OLIVE.password);
    await olive.page.getByTestId('sign-in-submit').click();
    await olive.page.waitForURL(`${stack.app.url}/`);

    // Her laptop: a browser context of its own, signed in through the form, lists the same document.
    const laptop = await stack.openUser(null);
    await laptop.page.goto(`${stack.app.url}/d/${shared.docId}`);
    await laptop.page.waitForURL(/\/sign-in\?next=/);
    await laptop.page.getByTestId('sign-in-email').fill(OLIVE.email);
    await laptop.page.getByTestId('sign-in-password').fill(OLIVE.password);
    await laptop.page.getByTestId('sign-in-submit').click();
    // Back where she was going: the document itself.
    await laptop.page.waitForURL(`${stack.app.url}/d/${shared.docId}`);
    await new EditorPage(laptop.page, stack.app.url).waitForText('Ship accounts.');
    await laptop.page.goto(stack.app.url);
    await laptop.page
      .locator(`[data-testid="doc-row"][data-doc="${shared.docId}"]`)
      .getByTestId('doc-row-title')
      .filter({ hasText: 'Roadmap' })
      .waitFor();

    stack.setOwner(await signIn(stack.app.url, OLIVE.email, OLIVE.password, OLIVE.name));
  });

  it('an invitation link accepted in another browser makes a member who sees the workspace; an emailed invitation makes a guest who sees only what is shared', async () => {
    const olive = await oliveSignedIn();
    await olive.page.goto(`${stack.app.url}/workspace`);
    await olive.page.getByTestId('invite-link-role').selectOption('member');
    await olive.page.getByTestId('invite-link-create').click();
    const link = await olive.page.getByTestId('invite-link-url').inputValue();
    expect(link).toMatch(new RegExp(`^${stack.app.url}/invite/[\\w-]{22}$`));

    // Grace opens it in her browser and creates her account there.
    const grace = await stack.openUser(null);
    await grace.page.goto(link);
    await grace.page.getByTestId('sign-up-name').fill('Grace Hopper');
    await grace.page.getByTestId('sign-up-email').fill('grace@acme.test');
    await grace.page.getByTestId('sign-up-password').fill('grace password 1');
    await grace.page.getByTestId('sign-up-submit').click();
    await grace.page.waitForURL(`${stack.app.url}/`);
    const row = grace.page.locator(`[data-testid="doc-row"][data-doc="${shared.docId}"]`);
    await row.getByTestId('doc-row-title').filter({ hasText: 'Roadmap' }).waitFor();
    await row.click();
    const g = new EditorPage(grace.page, stack.app.url);
    await g.waitUntilSynced();
    await g.focusEnd();
    await grace.page.keyboard.type(' Grace agrees.');
    await g.waitUntilSaved();
    // Olive sees the new member in the list.
    await olive.page.reload();
    await olive.page.locator('[data-testid="member-row"][data-email="grace@acme.test"][data-role="member"]').waitFor();

    // Bob is invited by email as a guest; without a mail server, the app prints the mail's link.
    await olive.page.getByTestId('invite-email').fill('bob@acme.test');
    await olive.page.getByTestId('invite-email-role').selectOption('guest');
    await olive.page.getByTestId('invite-email-submit').click();
    await olive.page.getByTestId('invite-message').filter({ hasText: 'Invitation sent to bob@acme.test' }).waitFor();
    await olive.page.locator('[data-testid="pending-invitation"][data-email="bob@acme.test"]').waitFor();
    let mailed = '';
    await waitFor(
      () => {
        mailed = /mail to bob@acme\.test .*?: (http\S+\/invitation\/\S+)/.exec(stack.app.output())?.[1] ?? '';
        return mailed !== '';
      },
      { timeout: 5000, message: "the invitation's link in the app's log" },
    );
    const bob = await stack.openUser(null);
    await bob.page.goto(mailed);
    expect(await bob.page.getByTestId('sign-up-email').inputValue()).toBe('bob@acme.test');
    await bob.page.getByTestId('sign-up-name').fill('Bob Guest');
    await bob.page.getByTestId('sign-up-password').fill('bob password 1');
    await bob.page.getByTestId('sign-up-submit').click();
    await bob.page.waitForURL(`${stack.app.url}/`);
    // A guest: nothing of the workspace is listed, and he creates nothing in it.
    await bob.page.getByTestId('doc-list-empty').waitFor();
    expect(await bob.page.getByTestId('new-document').isVisible()).toBe(false);
    await bob.page.goto(`${stack.app.url}/d/${shared.docId}`);
    await bob.page.getByTestId('no-access').waitFor();

    // Olive shares the document with a view link (the share dialog): he reads it, live, and it is in his list.
    await olive.page.goto(`${stack.app.url}/d/${shared.docId}`);
    await olive.page.getByTestId('share-open').click();
    await olive.page.getByTestId('link-role').selectOption('viewer');
    await olive.page.getByTestId('link-create').click();
    shared.viewLink = await olive.page.getByTestId('link-new-url').inputValue();
    await bob.page.goto(shared.viewLink);
    const b = new EditorPage(bob.page, stack.app.url);
    await b.waitForText('Grace agrees.');
    await bob.page.getByTestId('view-only-badge').waitFor();
    await bob.page.goto(stack.app.url);
    await bob.page.locator(`[data-testid="doc-row"][data-doc="${shared.docId}"]`).waitFor();
  });

  it('the server enforces roles: a viewer’s forged write gets nothing, a removed member’s old token gets nothing, an admin cannot remove the owner', async () => {
    const { docId } = shared;
    const call = apiClient(stack.server.httpUrl);
    const owner = stack.owner;
    const ownerToken = (await tokenFor(stack.app.url, owner)).token ?? '';
    const textOnServer = async () => (await call('GET', docPath(docId, '?format=text'), { auth: ownerToken })).text;

    // Bob's token, as his browser gets it since he opened the view link: read only.
    const bob = await signIn(stack.app.url, 'bob@acme.test', 'bob password 1');
    const bobs = await tokenFor(stack.app.url, bob, { docId });
    expect([bobs.status, bobs.access]).toEqual([200, 'read']);
    // He writes into the document over the protocol anyway; then Olive writes after him.
    const forger = connectClient(stack.server.wsUrl, docId, { params: { token: bobs.token ?? '' } });
    await forger.synced();
    const forged = new XmlElement('paragraph');
    forged.insert(0, [new XmlText('FORGED BY BOB')]);
    forger.doc.getXmlFragment('default').push([forged]);
    const writer = connectClient(stack.server.wsUrl, docId, { params: { token: ownerToken } });
    await writer.synced();
    const after = new XmlElement('paragraph');
    after.insert(0, [new XmlText('Written after the forgery.')]);
    writer.doc.getXmlFragment('default').push([after]);
    // Olive's later write reached Bob, so his earlier one would have reached her and the store by now.
    await waitFor(() => forger.doc.getXmlFragment('default').toString().includes('Written after the forgery.'), {
      timeout: 10_000,
      message: "Olive's write to reach Bob's client",
    });
    await waitFor(async () => (await textOnServer()).includes('Written after the forgery.'), {
      timeout: 10_000,
      message: 'the store to have it',
    });
    expect(await textOnServer()).not.toContain('FORGED BY BOB');
    expect(writer.doc.getXmlFragment('default').toString()).not.toContain('FORGED BY BOB');
    forger.destroy();
    writer.destroy();

    // Grace, a member, has the document open; her token reads it over the API.
    const graceAccount = await signIn(stack.app.url, 'grace@acme.test', 'grace password 1');
    const graceToken = (await tokenFor(stack.app.url, graceAccount)).token ?? '';
    expect((await call('GET', docPath(docId), { auth: graceToken })).status).toBe(200);
    const grace = await stack.openUser(null);
    await signInContext(grace.context, stack.app.url, graceAccount);
    const g = new EditorPage(grace.page, stack.app.url);
    await g.openDoc(docId);
    await g.waitUntilSynced();

    // Olive removes her: her open editor loses the document at once, her old token gets nothing.
    const olive = await oliveSignedIn();
    await olive.page.goto(`${stack.app.url}/workspace`);
    const graceRow = olive.page.locator('[data-testid="member-row"][data-email="grace@acme.test"]');
    await graceRow.getByTestId('member-remove').click();
    await graceRow.waitFor({ state: 'detached' });
    await grace.page.locator('[data-testid="editor-error"][data-problem="access-removed"]').waitFor({ timeout: 5000 });
    expect((await call('GET', docPath(docId), { auth: graceToken })).status).toBe(403);
    expect((await tryUpgrade(stack.server.wsUrl, docId, { params: { token: graceToken } })).status).toBe(403);
    // And a new token from the app gives her nothing either.
    expect((await tokenFor(stack.app.url, graceAccount, { docId })).access).toBeNull();

    // Carol joins as an admin: she manages people, but the owner is out of her reach.
    const carol: TestAccount = await signUp(
      stack.app.url,
      { name: 'Carol Admin' },
      { inviteToken: await inviteToken(stack.app.url, owner, 'admin') },
    );
    const carolPage = await stack.openUser(null);
    await signInContext(carolPage.context, stack.app.url, carol);
    await carolPage.page.goto(`${stack.app.url}/workspace`);
    const oliveRow = carolPage.page.locator(`[data-testid="member-row"][data-email="${OLIVE.email}"][data-role="owner"]`);
    await oliveRow.waitFor();
    expect(await oliveRow.getByTestId('member-remove').count()).toBe(0);
    // Asked directly, better-auth's endpoint refuses too.
    const removal = await carolPage.page.evaluate(
      async ({ email }) => {
        const response = await fetch('/api/auth/organization/remove-member', {
          method: 'POST',
          headers: { 'Content-Type': 'application/json' },
          body: JSON.stringify({ memberIdOrEmail: email }),
        });
        return response.status;
      },
      { email: OLIVE.email },
    );
    expect(removal).toBeGreaterThanOrEqual(400);
    await carolPage.page.reload();
    await oliveRow.waitFor();
    expect((await tokenFor(stack.app.url, owner, { docId })).access).toBe('write');
  });
});
