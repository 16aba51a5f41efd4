import { readdirSync } from 'node:fs';
import { createPostgresStore } from '@tandem/persistence';
import { CloseCode } from '@tandem/protocol';
import { afterAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { type OwnPostgres, ownPostgresAvailable, startOwnPostgres } from '../../packages/persistence/test/ownPostgres.js';
import {
  type Client,
  connectClient,
  createTestDatabase,
  freshSchema,
  postgresAvailable,
  registerTeardown,
  runCli,
  spawnServerProcess,
  waitFor,
} from '../src/helpers/index.js';

/**
 * One server process on PostgreSQL (`DATABASE_URL`, no Redis): stock clients co-edit, the doc
 * survives a restart, and a PostgreSQL outage is handled the way a failing disk is: writes
 * rejected and never relayed, clients told to retry (45xx), /readyz 503, and everything back by
 * itself once the database is, with nothing acknowledged lost.
 */
const database = (await postgresAvailable('the server on PostgreSQL')) ? await createTestDatabase() : null;
const canRunOwn = ownPostgresAvailable('the server through a PostgreSQL outage');
afterAll(() => database?.drop());

const text = (client: Client): string => client.doc.getText('t').toString();
const readyz = async (httpUrl: string): Promise<number> => (await fetch(`${httpUrl}/readyz`)).status;

describe.skipIf(database === null)('the server on PostgreSQL', () => {
  it('two clients co-edit through a CLI server started with DATABASE_URL; after a restart the doc is intact', async () => {
    const schema = freshSchema();
    // Trust auth ignores the password: it is here to prove it never reaches the log.
    const url = new URL((database as NonNullable<typeof database>).url);
    url.password = 'pw-never-logged';
    const env = { DATABASE_URL: url.toString(), DATABASE_SCHEMA: schema };
    const first = await spawnServerProcess({ env });
    const listening = first.logs.find((line) => line.msg === 'listening') as { config: Record<string, unknown> };
    expect(listening.config).toMatchObject({ databaseUrl: '[redacted]', databaseSchema: schema });
    expect(JSON.stringify(first.logs) + first.stderr()).not.toContain('pw-never-logged');

    const ada = connectClient(first.wsUrl, 'shared-notes');
    const grace = connectClient(first.wsUrl, 'shared-notes');
    await Promise.all([ada.synced(), grace.synced()]);
    const words: string[] = [];
    for (let i = 0; i < 20; i++) {
      words.push(`a${i};`, `g${i};`);
      ada.doc.getText('t').insert(0, `a${i};`);
      grace.doc.getText('t').insert(text(grace).length, `g${i};`);
    }
    await waitFor(() => text(ada) === text(grace) && words.every((word) => text(ada).includes(word)), {
      message: 'both clients hold both sets of edits',
    });
    const expected = text(ada);
    ada.destroy();
    grace.destroy();
    first.kill('SIGTERM');
    expect((await first.waitForExit()).code).toBe(0);
    // It is all in PostgreSQL, and not a byte went to LevelDB.
    const store = await createPostgresStore({ connectionString: url.toString(), schema });
    const stored = new Y.Doc();
    Y.applyUpdate(stored, (await store.load('shared-notes'))?.update ?? new Uint8Array());
    await store.close();
    expect(stored.getText('t').toString()).toBe(expected);
    expect(readdirSync(first.dataDir)).toEqual([]);

    const second = await spawnServerProcess({ env });
    const late = connectClient(second.wsUrl, 'shared-notes');
    await late.synced();
    expect(text(late)).toBe(expected);
  });

  it('fails fast with a clear message when DATABASE_URL does not answer', async () => {
    const result = await runCli(['--port', '0'], { DATABASE_URL: 'postgres://postgres:pw-never-logged@127.0.0.1:1/none' }, 20_000);
    expect(result.code).toBe(1);
    expect(result.stdout + result.stderr).toMatch(/cannot open the store/);
    expect(result.stdout + result.stderr).toMatch(/DATABASE_URL/);
    expect(result.stdout + result.stderr).not.toContain('pw-never-logged');
  });
});

describe.skipIf(!canRunOwn)('the server through a PostgreSQL outage', () => {
  it('rejects writes and relays nothing while PostgreSQL is down, closes clients with 45xx, /readyz 503, and recovers by itself', async () => {
    const postgres: OwnPostgres = await startOwnPostgres();
    registerTeardown(() => postgres.destroy());
    const server = await spawnServerProcess({ env: { DATABASE_URL: postgres.url } });
    const writer = connectClient(server.wsUrl, 'outage');
    const reader = connectClient(server.wsUrl, 'outage');
    await Promise.all([writer.synced(), reader.synced()]);
    writer.doc.getText('t').insert(0, 'stored before;');
    await waitFor(() => text(reader) === 'stored before;', { message: 'the first edit relayed' });
    await waitFor(async () => (await readyz(server.httpUrl)) === 200, { message: '/readyz 200' });
    const writerCodes: number[] = [];
    writer.provider.on('connection-close', (event) => event && writerCodes.push(event.code));

    postgres.stop('immediate');
    writer.doc.getText('t').insert(text(writer).length, ' written while down;');
    await waitFor(() => writerCodes.some((code) => code >= 4500 && code < 4600), {
      timeout: 15_000,
      message: 'the writer told to retry (45xx)',
    });
    expect(writerCodes.filter((code) => code >= 4500)).toEqual(
      expect.arrayContaining([expect.toBeOneOf([CloseCode.StorageWriteFailed.code, CloseCode.StorageUnavailable.code])]),
    );
    await waitFor(async () => (await readyz(server.httpUrl)) === 503, { timeout: 15_000, message: '/readyz 503' });
    expect(text(reader)).not.toContain('written while down');
    expect(server.child.exitCode).toBeNull();

    postgres.start();
    await waitFor(async () => (await readyz(server.httpUrl)) === 200, { timeout: 30_000, message: '/readyz 200 again' });
    // The stock provider reconnects (45xx means "later") and resends what was not stored.
    await waitFor(() => text(reader) === 'stored before; written while down;' && text(writer) === text(reader), {
      timeout: 30_000,
      message: 'the edit made during the outage stored and relayed',
    });
    const late = connectClient(server.wsUrl, 'outage');
    await late.synced(10_000);
    expect(text(late)).toBe('stored before; written while down;');
    server.kill('SIGTERM');
    expect((await server.waitForExit()).code).toBe(0);
  }, 120_000);
});
