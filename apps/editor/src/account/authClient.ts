'use client';

import { inferAdditionalFields, organizationClient } from 'better-auth/client/plugins';
import { createAuthClient } from 'better-auth/react';
import { accessControl, accessRoles } from '@/workspace/roles';

/** better-auth's client for the app's pages: same origin, `/api/auth`. */
export const authClient = createAuthClient({
  basePath: '/api/auth',
  plugins: [
    organizationClient({ ac: accessControl, roles: accessRoles }),
    inferAdditionalFields({ user: { color: { type: 'string', required: false } } }),
  ],
});

/** The message of a better-auth error answer, for the form to show. */
export function errorText(error: { message?: string | undefined; status?: number } | null | undefined, fallback: string): string {
  if (!error) return fallback;
  if (error.status === 429) return 'Too many attempts from here: wait a minute and try again.';
  return error.message && error.message.length > 0 ? error.message : fallback;
}
