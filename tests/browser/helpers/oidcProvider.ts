import type { Server } from 'node:http';
import { randomBytes } from 'node:crypto';
import Provider from 'oidc-provider';

export interface OidcProvider {
  issuer: string;
  stop: () => Promise<void>;
}

/**
 * A local OpenID Connect provider (the `oidc-provider` package) for single sign-on tests: one
 * confidential client, PKCE required, and its development login page, where any login name signs
 * in as `<login>@corp.test` (email verified) with the name given in `names`, or the login itself.
 */
export async function startOidcProvider(options: {
  port: number;
  clientId: string;
  clientSecret: string;
  redirectUri: string;
  names?: Record<string, string>;
}): Promise<OidcProvider> {
  const issuer = `http://127.0.0.1:${options.port}`;
  const provider = new Provider(issuer, {
    clients: [
      {
        client_id: options.clientId,
        client_secret: options.clientSecret,
        redirect_uris: [options.redirectUri],
        grant_types: ['authorization_code'],
        response_types: ['code'],
      },
    ],
    claims: { openid: ['sub'], email: ['email', 'email_verified'], profile: ['name'] },
    cookies: { keys: [randomBytes(32).toString('hex')] },
    pkce: { required: () => true },
    features: { devInteractions: { enabled: true } },
    async findAccount(_ctx, sub) {
      return {
        accountId: sub,
        claims: async () => ({ sub, email: `${sub}@corp.test`, email_verified: true, name: options.names?.[sub] ?? sub }),
      };
    },
  });
  const server: Server = await new Promise((resolve, reject) => {
    const listening = provider.listen(options.port, '127.0.0.1', () => resolve(listening));
    listening.once('error', reject);
  });
  return {
    issuer,
    stop: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
