import { mkdtempSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { localPostmasterPid, trackPostgresCpu } from '../metrics/postgresCpu.mjs';
import { procCpuSeconds } from '../metrics/procStat.mjs';
import { adminDatabaseUrl, createBenchDatabase } from './benchDatabase.mjs';
import { startRedisServer } from './redisServer.mjs';

/**
 * The shared services one run of a server needs: a fresh database on the machine's PostgreSQL and
 * a redis-server of its own, with their CPU attributed to the run.
 * @typedef {Object} RunServices
 * @property {string | null} databaseUrl
 * @property {string | null} databaseName
 * @property {string | null} redisUrl
 * @property {() => { redis: number, postgres: number | null, postgresShared: number | null }} cpu cumulative CPU
 *   seconds: the run's redis-server, the database's PostgreSQL backends (null when PostgreSQL is not on this
 *   machine), and PostgreSQL's shared background writers (not the run's alone)
 * @property {() => number[]} postgresPids the database's backends seen so far
 * @property {() => Promise<void>} close stops Redis, drops the database
 */

/** @type {RunServices} */
export const noServices = Object.freeze({
  databaseUrl: null,
  databaseName: null,
  redisUrl: null,
  cpu: () => ({ redis: 0, postgres: 0, postgresShared: 0 }),
  postgresPids: () => [],
  close: async () => {},
});

/**
 * @param {readonly ('postgres' | 'redis')[]} needs
 * @param {string} tmpDir
 * @returns {Promise<RunServices>}
 */
export async function startRunServices(needs, tmpDir) {
  if (needs.length === 0) return noServices;
  /** @type {(() => Promise<void>)[]} */
  const closers = [];
  const close = async () => {
    for (const closer of closers.reverse()) await closer();
  };
  try {
    /** @type {Awaited<ReturnType<typeof createBenchDatabase>> | null} */
    let database = null;
    /** @type {ReturnType<typeof trackPostgresCpu> | null} */
    let postgresCpu = null;
    if (needs.includes('postgres')) {
      const created = await createBenchDatabase(adminDatabaseUrl());
      database = created;
      closers.push(() => created.drop());
      const postmaster = await localPostmasterPid(created.url);
      if (postmaster !== null) {
        const tracker = trackPostgresCpu(postmaster, created.name);
        postgresCpu = tracker;
        closers.push(async () => tracker.stop());
      }
    }
    /** @type {Awaited<ReturnType<typeof startRedisServer>> | null} */
    let redis = null;
    if (needs.includes('redis')) {
      const dir = mkdtempSync(join(tmpDir, 'tandem-bench-redis-'));
      closers.push(async () => rmSync(dir, { recursive: true, force: true }));
      const started = await startRedisServer(dir);
      redis = started;
      closers.push(() => started.stop());
    }
    return {
      databaseUrl: database?.url ?? null,
      databaseName: database?.name ?? null,
      redisUrl: redis?.url ?? null,
      cpu: () => {
        const postgres = postgresCpu?.read() ?? null;
        return {
          redis: redis ? procCpuSeconds(redis.pid) : 0,
          postgres: database ? (postgres?.ours ?? null) : 0,
          postgresShared: database ? (postgres?.shared ?? null) : 0,
        };
      },
      postgresPids: () => postgresCpu?.backends() ?? [],
      close,
    };
  } catch (error) {
    await close();
    throw error;
  }
}
