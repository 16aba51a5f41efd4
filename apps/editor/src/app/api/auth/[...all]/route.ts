import { appServer } from '@/server/appServer';

/** better-auth's endpoints (`/api/auth/*`): sign-up, sign-in, sign-out, sessions, passwords, workspaces, invitations, OpenID. */
async function handle(request: Request): Promise<Response> {
  const { auth } = await appServer();
  return auth.handler(request);
}

export const GET = handle;
export const POST = handle;
