import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { appConfigFrom, appConfigSchema, defaultAppConfig } from './appConfig';

const SECRET = 'a-secret-that-is-long-enough-for-the-app-0123456789';

describe('the app configuration', () => {
  it('has defaults for a quick start: SQLite under ./data, invitations only, no mail server, no single sign-on', () => {
    const config = appConfigFrom({}, '/srv/tandem');
    expect(config.database).toEqual({ kind: 'sqlite', file: '/srv/tandem/data/app.db' });
    expect(config).toMatchObject({ authSecret: null, signup: 'invite', oidc: null, publicUrl: null, syncAdminKey: null });
    expect(config.mail).toEqual({ smtpUrl: null, from: 'Tandem <tandem@localhost>' });
    expect(config.rateLimit).toEqual({ max: 10, windowSec: 60 });
    expect(defaultAppConfig.signup).toBe('invite');
  });

  it('reads PostgreSQL, single sign-on and the rest from the environment', () => {
    const config = appConfigFrom({
      DATABASE_URL: 'postgres://tandem:pw@db:5432/tandem',
      APP_DATABASE_SCHEMA: 'team_app',
      PUBLIC_URL: 'https://docs.example.com/',
      OIDC_ISSUER: 'https://login.example.com/realms/acme/',
      OIDC_CLIENT_ID: 'tandem',
      OIDC_CLIENT_SECRET: 's3cret',
      SIGNUP: 'open',
      ALLOWED_ORIGINS: 'https://docs.example.com, http://localhost:*',
      AUTH_SECRET: SECRET,
    });
    expect(config.database).toEqual({ kind: 'postgres', url: 'postgres://tandem:pw@db:5432/tandem', schema: 'team_app' });
    expect(config.publicUrl).toBe('https://docs.example.com');
    expect(config.oidc).toEqual({
      issuer: 'https://login.example.com/realms/acme',
      clientId: 'tandem',
      clientSecret: 's3cret',
      name: 'Single sign-on',
      role: 'member',
    });
    expect(config.trustedOrigins).toEqual(['https://docs.example.com', 'http://localhost:*']);
    expect(config.signup).toBe('open');
  });

  it('names the bad key, and never shows a secret', () => {
    expect(() => appConfigFrom({ SIGNUP: 'everyone' })).toThrow(/^invalid SIGNUP="everyone": /);
    expect(() => appConfigFrom({ AUTH_RATE_LIMIT_MAX: '0' })).toThrow(/invalid AUTH_RATE_LIMIT_MAX/);
    expect(() => appConfigFrom({ DATABASE_URL: 'mysql://x' })).toThrow(/^invalid DATABASE_URL=\(hidden\): must be a postgres/);
    expect(() => appConfigFrom({ SESSION_SECRET: 'short' })).toThrow(
      /^invalid SESSION_SECRET=\(hidden\): SESSION_SECRET must be at least 32 bytes/,
    );
    expect(() => appConfigFrom({ AUTH_SECRET: ' ' })).toThrow(/AUTH_SECRET is set but empty/);
    expect(() => appConfigFrom({ OIDC_ISSUER: 'https://login.example.com' })).toThrow(
      /OIDC_CLIENT_ID, OIDC_CLIENT_SECRET: single sign-on needs/,
    );
    expect(() => appConfigFrom({ SYNC_ADMIN_KEY: 'abc' })).toThrow(/invalid SYNC_ADMIN_KEY=\(hidden\)/);
    expect(() => appConfigFrom({ PUBLIC_URL: 'ftp://x' })).toThrow(/invalid PUBLIC_URL/);
  });

  it('is documented key by key in the README', () => {
    const readme = readFileSync(new URL('../../../../README.md', import.meta.url), 'utf8');
    const section = readme.slice(readme.indexOf('## Accounts and workspaces'));
    for (const key of Object.keys(appConfigSchema.shape)) expect(section, key).toContain(`| \`${key}\` |`);
  });
});
