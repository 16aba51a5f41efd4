import { describe, expect, it } from 'vitest';
import { defaultConfig } from '../config/index.js';
import { describeAuthMode } from './describeAuthMode.js';

const SECRET = 's'.repeat(32);

describe('describeAuthMode', () => {
  it('warns loudly in open mode and says how to turn auth on', () => {
    const description = describeAuthMode(defaultConfig);
    expect(description.mode).toBe('open');
    expect(description.level).toBe('warn');
    expect(description.message).toMatch(/anyone who can reach this server can read and write every document/);
    expect(description.message).toMatch(/AUTH_SECRET/);
  });

  it('names the key source when auth is on, without printing the secret', () => {
    const secret = describeAuthMode({ ...defaultConfig, authSecret: SECRET });
    expect(secret).toMatchObject({ mode: 'required', level: 'info' });
    expect(secret.message).not.toContain(SECRET);
    expect(describeAuthMode({ ...defaultConfig, authJwksFile: '/etc/tandem/jwks.json' }).message).toContain('/etc/tandem/jwks.json');
    expect(describeAuthMode({ ...defaultConfig, authPublicKeyFile: '/etc/tandem/pub.pem' }).message).toContain('/etc/tandem/pub.pem');
  });
});
