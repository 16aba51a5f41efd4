import { readFileSync, statSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { startProduct } from '../src/helpers/startProduct.js';

describe('npm start (the README quick start)', () => {
  it('builds, serves the app and the sync server on one port, prints the URL to open, and stops everything on Ctrl-C', {
    timeout: 300_000,
  }, async () => {
    const product = await startProduct();
    const { webPort, syncPort, dataDir } = product;
    const url = `http://localhost:${webPort}`;
    expect(product.output()).toContain(`Open ${url}`);
    const page = await fetch(url);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('Tandem');
    // Accounts: a fresh install asks its first visitor to set it up, and keeps them beside the documents.
    expect(page.url).toBe(`${url}/setup`);
    expect(statSync(`${dataDir}/app.db`).isFile()).toBe(true);
    // The sync server: under /sync on the public port, and on its own port on 127.0.0.1.
    expect((await fetch(`http://127.0.0.1:${syncPort}/healthz`)).status).toBe(200);
    // Auth on by default, with a generated secret only this user can read.
    expect(product.output()).toContain('.auth-secret (generated now)');
    expect(statSync(`${dataDir}/.auth-secret`).mode & 0o777).toBe(0o600);
    expect((await fetch(`http://127.0.0.1:${syncPort}/api/docs`)).status).toBe(401);
    expect((await fetch(`${url}/sync/api/docs`)).status).toBe(401);
    // The app's admin key (generated, this user's only) is one the sync server takes: removals reach open connections.
    expect(statSync(`${dataDir}/.app-admin-key`).mode & 0o777).toBe(0o600);
    const adminKey = readFileSync(`${dataDir}/.app-admin-key`, 'utf8').trim();
    expect((await fetch(`http://127.0.0.1:${syncPort}/api/revocations`, { headers: { Authorization: `Bearer ${adminKey}` } })).status).toBe(
      200,
    );
    // It says who else can reach it and what links carry.
    expect(product.linksCarry()).toMatch(/^http:\/\/\S+:\d+$/);

    expect(await product.stop('SIGINT')).toBe(0);
    await expect(fetch(`http://127.0.0.1:${syncPort}/healthz`)).rejects.toThrow();
    await expect(fetch(url)).rejects.toThrow();
  });
});
