import * as z from 'zod';
import { publicOrigin } from './publicOrigin.mjs';

/**
 * `PUBLIC_URL`: the address people open Tandem at, as an origin (`https://tandem.example.com`): the
 * links the app makes (copy and share links, invitations, mails) carry it. The app is served at the
 * root, so a path is an error rather than links that lead nowhere. `npm start` always sets it
 * (scripts/startConfig.mjs, scripts/publicAddress.mjs, with the same rule: publicOrigin.mjs); unset,
 * links use the address the page was opened at.
 */
export const publicUrlSchema = z.string().transform((raw, ctx) => {
  const { origin, problem } = publicOrigin(raw);
  if (origin === undefined) {
    ctx.addIssue({ code: 'custom', message: problem });
    return z.NEVER;
  }
  return origin;
});
