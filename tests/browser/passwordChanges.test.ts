import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { waitFor } from '../src/helpers/waitFor.js';
import { cookieHeader, signIn, TEST_PASSWORD, type TestAccount } from './helpers/accounts.js';
import { chromiumPath } from './helpers/chromium.js';
import { useBrowserStack } from './helpers/stack.js';

const executablePath = chromiumPath();

/**
 * The two ways a password changes, through the forms: in the account settings (the current one
 * asked again) and by the "Forgot it?" mail's link. Without SMTP_URL the app prints each mail's
 * link to its log, which is where the test reads it.
 */
describe.skipIf(executablePath === null)('changing and resetting a password (Chromium)', () => {
  const stack = useBrowserStack(executablePath ?? '', import.meta.url);

  /** Fills the sign-in form (the page is on /sign-in) and submits it. */
  async function submitSignIn(page: Page, email: string, password: string) {
    await page.getByTestId('sign-in-email').fill(email);
    await page.getByTestId('sign-in-password').fill(password);
    await page.getByTestId('sign-in-submit').click();
  }

  /** Through the form: refused with the visible message, the page still on /sign-in. */
  async function expectSignInRefused(page: Page, email: string, password: string) {
    await submitSignIn(page, email, password);
    await page
      .getByTestId('sign-in-error')
      .filter({ hasText: /invalid email or password/i })
      .waitFor();
    expect(new URL(page.url()).pathname).toBe('/sign-in');
  }

  /** Through the form: signed in, home, with their name in the header. */
  async function expectSignInWorks(page: Page, email: string, password: string, name: string) {
    await submitSignIn(page, email, password);
    await page.waitForURL(`${stack.app.url}/`);
    await page.getByTestId('identity-button').filter({ hasText: name }).waitFor();
  }

  /** Whether this session (another device's cookies) is still signed in, as better-auth's get-session says. */
  async function stillSignedIn(account: TestAccount): Promise<boolean> {
    const response = await fetch(`${stack.app.url}/api/auth/get-session`, { headers: { Cookie: cookieHeader(account) } });
    const body = (await response.json().catch(() => null)) as { user?: { email: string } } | null;
    return body?.user?.email === account.email;
  }

  /** The newest reset link the app mailed to `email` (printed to its log). */
  async function mailedResetLink(email: string, after: number): Promise<string> {
    const pattern = new RegExp(`mail to ${email.replaceAll('.', '\\.')} .*?: Reset your Tandem password: (http\\S+)`, 'g');
    let link = '';
    await waitFor(
      () => {
        const matches = [...stack.app.output().slice(after).matchAll(pattern)];
        link = matches.at(-1)?.[1] ?? '';
        return link !== '';
      },
      { timeout: 10_000, message: `the reset mail to ${email} in the app's log` },
    );
    return link;
  }

  it('in the account settings: a wrong current password and a too-short new one are refused; a right change signs other devices out, and only the new password signs in', async () => {
    const pat = await stack.openUser({ name: 'Pat Changer', color: '#2563eb' });
    const NEW = 'pat new password 2';
    // Another device of hers, signed in before the change.
    const laptop = await signIn(stack.app.url, pat.email, TEST_PASSWORD);
    expect(await stillSignedIn(laptop)).toBe(true);

    await pat.page.goto(`${stack.app.url}/account`);
    const message = pat.page.getByTestId('password-message');
    await pat.page.getByTestId('password-current').fill('not her password');
    await pat.page.getByTestId('password-new').fill(NEW);
    await pat.page.getByTestId('password-submit').click();
    await message.filter({ hasText: /invalid password/i }).waitFor();
    expect(await message.getAttribute('role')).toBe('alert');

    await pat.page.getByTestId('password-current').fill(TEST_PASSWORD);
    await pat.page.getByTestId('password-new').fill('short7!');
    await pat.page.getByTestId('password-submit').click();
    await message.filter({ hasText: 'at least 8 characters' }).waitFor();
    // The server holds the same rule, whatever a page sends it.
    const tooShort = await pat.page.evaluate(async (current) => {
      const response = await fetch('/api/auth/change-password', {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ currentPassword: current, newPassword: 'short7!' }),
      });
      return response.status;
    }, TEST_PASSWORD);
    expect(tooShort).toBe(400);
    // Neither refusal changed anything: the old password still signs in.
    await signIn(stack.app.url, pat.email, TEST_PASSWORD);

    await pat.page.getByTestId('password-new').fill(NEW);
    await pat.page.getByTestId('password-submit').click();
    await message.filter({ hasText: 'Password changed. Your other devices were signed out.' }).waitFor();
    expect(await message.getAttribute('role')).toBe('status');
    expect(await pat.page.getByTestId('password-current').inputValue()).toBe('');
    expect(await pat.page.getByTestId('password-new').inputValue()).toBe('');
    // The laptop's session is gone; this one still works.
    expect(await stillSignedIn(laptop)).toBe(false);
    await pat.page.reload();
    await pat.page.getByTestId('account-page').waitFor();

    await pat.page.getByTestId('sign-out').click();
    await pat.page.waitForURL(/\/sign-in$/);
    await expectSignInRefused(pat.page, pat.email, TEST_PASSWORD);
    await expectSignInWorks(pat.page, pat.email, NEW, 'Pat Changer');
  });

  it('"Forgot it?" mails a link; the new password must be long enough, then it signs in and the old one does not; the link works once', async () => {
    // Rob has an account (and a session on another device) but has forgotten its password.
    const rob = await stack.openUser({ name: 'Rob Forgetful', color: '#16a34a' });
    const otherDevice = await signIn(stack.app.url, rob.email, TEST_PASSWORD);
    expect(await stillSignedIn(otherDevice)).toBe(true);
    const NEW = 'rob remembers now';
    const browser = await stack.openUser(null);
    const page = browser.page;
    await page.goto(`${stack.app.url}/sign-in`);
    await page.getByRole('link', { name: 'Forgot it?' }).click();
    await page.waitForURL(/\/reset-password$/);
    const logBefore = stack.app.output().length;
    // An address with no account gets the same answer and no mail (checked once Rob's mail is out): the form tells nobody who has one.
    await page.getByTestId('reset-email').fill('nobody.here@example.test');
    await page.getByTestId('reset-submit').click();
    await page.getByTestId('reset-done').filter({ hasText: 'a link to reset its password is on its way' }).waitFor();
    await page.goto(`${stack.app.url}/reset-password`);
    await page.getByTestId('reset-email').fill(rob.email);
    await page.getByTestId('reset-submit').click();
    await page.getByTestId('reset-done').filter({ hasText: 'a link to reset its password is on its way' }).waitFor();
    const link = await mailedResetLink(rob.email, logBefore);
    expect(link.startsWith(`${stack.app.url}/api/auth/reset-password/`)).toBe(true);
    expect(stack.app.output()).not.toContain('mail to nobody.here@example.test');
    expect(link.startsWith(`${stack.app.url}/api/auth/reset-password/`)).toBe(true);

    // The mail's link lands on the form for a new password.
    await page.goto(link);
    await page.waitForURL(/\/reset-password\?token=/);
    const tokenPage = page.url();
    const refusal = page.getByTestId('reset-form').getByRole('alert');
    await page.getByTestId('reset-password').fill('short7!');
    await page.getByTestId('reset-submit').click();
    await refusal.filter({ hasText: 'at least 8 characters' }).waitFor();
    await page.getByTestId('reset-password').fill(NEW);
    await page.getByTestId('reset-submit').click();
    await page.getByTestId('reset-done').filter({ hasText: 'Your password is set' }).waitFor();
    // Every other session of his was signed out.
    expect(await stillSignedIn(otherDevice)).toBe(false);

    await page.getByRole('link', { name: 'Back to sign in' }).click();
    await page.waitForURL(/\/sign-in$/);
    await expectSignInRefused(page, rob.email, TEST_PASSWORD);
    await expectSignInWorks(page, rob.email, NEW, 'Rob Forgetful');

    // The same link again, in a browser signed out: not valid any more, and the password stays.
    const again = await stack.openUser(null);
    await again.page.goto(link);
    await again.page.waitForURL(/\/reset-password\?error=INVALID_TOKEN/);
    await again.page.getByRole('alert').filter({ hasText: 'This reset link is not valid any more' }).waitFor();
    expect(await again.page.getByTestId('reset-password').count()).toBe(0);
    // And the page the link led to, submitted again (a tab left open), is refused by the server.
    await again.page.goto(tokenPage);
    await again.page.getByTestId('reset-password').fill('someone else 123');
    await again.page.getByTestId('reset-submit').click();
    await again.page
      .getByTestId('reset-form')
      .getByRole('alert')
      .filter({ hasText: /invalid token/i })
      .waitFor();
    expect(await again.page.getByTestId('reset-done').count()).toBe(0);
    await expect(signIn(stack.app.url, rob.email, 'someone else 123')).rejects.toThrow(/401/);
    await signIn(stack.app.url, rob.email, NEW);
  });
});
