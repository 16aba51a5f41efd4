import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { describe, expect, it, vi } from 'vitest';
import { postgresAdminUrl, postgresAvailable } from '../../../../packages/persistence/test/postgresTestDatabase.js';
import { type HeldSweepLock, postgresSweepLock, processSweepLock, SweepLockLost } from './sweepLock.js';

const hasPostgres = await postgresAvailable('the PostgreSQL sweep lock tests');
const schema = () => `t_${randomBytes(6).toString('hex')}`;

describe('the sweep lock', () => {
  it('in one process: one holder at a time', async () => {
    const lock = processSweepLock();
    const held = (await lock.tryAcquire()) as HeldSweepLock;
    expect(held).not.toBeNull();
    expect(await lock.tryAcquire()).toBeNull();
    await held.release();
    expect(await lock.tryAcquire()).not.toBeNull();
  });

  describe.skipIf(!hasPostgres)('on PostgreSQL', () => {
    it('one holder per store schema across connections (as across nodes), free again once released', async () => {
      const name = schema();
      const [a, b] = [
        postgresSweepLock({ connectionString: postgresAdminUrl, schema: name }),
        postgresSweepLock({ connectionString: postgresAdminUrl, schema: name }),
      ];
      const held = (await a.tryAcquire()) as HeldSweepLock;
      expect(held).not.toBeNull();
      expect(await b.tryAcquire()).toBeNull();
      const other = await postgresSweepLock({ connectionString: postgresAdminUrl, schema: schema() }).tryAcquire();
      expect(other, 'another schema is another store').not.toBeNull();
      await other?.release();
      held.check();
      await held.release();
      expect(() => held.check()).toThrow(SweepLockLost);
      const next = await b.tryAcquire();
      expect(next).not.toBeNull();
      await next?.release();
    });

    it('a holder whose connection breaks learns it has lost the lock, and another node can take it', async () => {
      const name = schema();
      const held = (await postgresSweepLock({ connectionString: postgresAdminUrl, schema: name }).tryAcquire()) as HeldSweepLock;
      const admin = new pg.Client({ connectionString: postgresAdminUrl });
      await admin.connect();
      try {
        const { rows } = await admin.query('SELECT pg_terminate_backend(pid) AS ended FROM pg_stat_activity WHERE application_name = $1', [
          `tandem-${name}-upload-sweep`,
        ]);
        expect(rows).toEqual([{ ended: true }]);
      } finally {
        await admin.end();
      }
      await vi.waitFor(() => expect(() => held.check()).toThrow(SweepLockLost), { timeout: 5000 });
      const next = await postgresSweepLock({ connectionString: postgresAdminUrl, schema: name }).tryAcquire();
      expect(next).not.toBeNull();
      await next?.release();
      await held.release();
    });
  });
});
