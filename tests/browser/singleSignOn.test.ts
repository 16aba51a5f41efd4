import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromiumPath } from './helpers/chromium.js';
import { freePort } from './helpers/editorApp.js';
import { type OidcProvider, startOidcProvider } from './helpers/oidcProvider.js';
import { useBrowserStack } from './helpers/stack.js';

const executablePath = chromiumPath();
const oidcPort = await freePort();
const CLIENT = { id: 'tandem-app', secret: 'the-client-secret-of-tandem-at-the-provider' };

describe.skipIf(executablePath === null)('single sign-on through an OpenID Connect provider (Chromium)', () => {
  const stack = useBrowserStack(executablePath ?? '', import.meta.url, {
    env: {
      AUTH_SECRET: 'browser-sso-secret-that-is-long-enough-for-hs256-tokens',
      OIDC_ISSUER: `http://127.0.0.1:${oidcPort}`,
      OIDC_CLIENT_ID: CLIENT.id,
      OIDC_CLIENT_SECRET: CLIENT.secret,
      OIDC_NAME: 'Acme SSO',
    },
  });
  let provider: OidcProvider | null = null;
  // After the stack's own hook: the provider needs the app's address for its redirect URI (the app
  // reads the provider's discovery document again when it was not there at its start).
  beforeAll(async () => {
    provider = await startOidcProvider({
      port: oidcPort,
      clientId: CLIENT.id,
      clientSecret: CLIENT.secret,
      redirectUri: `${stack.app.url}/api/auth/callback/oidc`,
      names: { sam: 'Sam Single' },
    });
  });
  afterAll(async () => {
    await provider?.stop();
  });

  it('signs a new person in through the provider as a member of the workspace, and the same account on the next sign-in', async () => {
    const sam = await stack.openUser(null);
    await sam.page.goto(stack.app.url);
    await sam.page.waitForURL(/\/sign-in/);
    await sam.page.getByTestId('sso-button').filter({ hasText: 'Continue with Acme SSO' }).click();
    // The provider's own sign-in page (its development login: any name), then its consent page.
    await sam.page.waitForURL(new RegExp(`^http://127\\.0\\.0\\.1:${oidcPort}/interaction/`));
    await sam.page.locator('input[name="login"]').fill('sam');
    await sam.page.locator('input[name="password"]').fill('whatever the provider accepts');
    await sam.page.locator('button[type="submit"]').click();
    await sam.page.locator('button[type="submit"]', { hasText: 'Continue' }).click();
    await sam.page.waitForURL(`${stack.app.url}/`);
    await sam.page.getByTestId('identity-button').filter({ hasText: 'Sam Single' }).waitFor();
    // A member: the workspace's list, and New document.
    await sam.page.locator('[data-testid="doc-list"][data-status="ready"]').waitFor();
    expect(await sam.page.getByTestId('new-document').isVisible()).toBe(true);
    const session = async () =>
      sam.page.evaluate(
        async () => ((await (await fetch('/api/auth/get-session')).json()) as { user: { id: string; email: string } }).user,
      );
    const first = await session();
    expect(first.email).toBe('sam@corp.test');
    await sam.page.goto(`${stack.app.url}/account`);
    expect(await sam.page.getByTestId('account-page').textContent()).toContain('member of Test team');
    // No password to change: he signs in through the provider.
    expect(await sam.page.getByTestId('password-form').count()).toBe(0);

    // Signed out and in again: the provider remembers him; the app finds the same account.
    await sam.page.getByTestId('sign-out').click();
    await sam.page.waitForURL(/\/sign-in$/);
    await sam.page.getByTestId('sso-button').click();
    const consent = sam.page.locator('button[type="submit"]', { hasText: 'Continue' });
    await Promise.race([sam.page.waitForURL(`${stack.app.url}/`), consent.waitFor().then(() => consent.click())]);
    await sam.page.waitForURL(`${stack.app.url}/`);
    expect((await session()).id).toBe(first.id);
  });
});
