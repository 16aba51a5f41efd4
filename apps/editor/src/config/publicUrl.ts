import * as z from 'zod';

/**
 * `PUBLIC_URL`: the address people open Tandem at, as an origin (`https://tandem.example.com`): the
 * links the app makes (copy and share links, invitations, mails) carry it. The app is served at the
 * root, so a path is an error rather than links that lead nowhere. `npm start` always sets it
 * (scripts/startConfig.mjs, scripts/publicAddress.mjs); unset, links use the address the page was
 * opened at.
 */
export const publicUrlSchema = z.string().transform((raw, ctx) => {
  let url: URL;
  try {
    url = new URL(raw.trim());
  } catch {
    ctx.addIssue({ code: 'custom', message: 'must be an http:// or https:// URL, e.g. https://tandem.example.com' });
    return z.NEVER;
  }
  const problem =
    (url.protocol !== 'http:' && url.protocol !== 'https:' && 'must use http:// or https://') ||
    ((url.username !== '' || url.password !== '') && 'must not carry a user name or password') ||
    (url.pathname !== '/' && 'must be an origin without a path (the app is served at the root)') ||
    ((url.search !== '' || url.hash !== '') && 'must not have a query or fragment');
  if (problem) {
    ctx.addIssue({ code: 'custom', message: problem });
    return z.NEVER;
  }
  return url.origin;
});
