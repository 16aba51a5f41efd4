import { readFileSync } from 'node:fs';
import pg from 'pg';
import { childPids, clockTicks, ownTicks } from './procStat.mjs';

/** Background processes every database of the PostgreSQL server shares (their work is not one run's alone). */
const sharedTitles = ['checkpointer', 'background writer', 'walwriter'];

/** @param {number} pid */
function processTitle(pid) {
  return readFileSync(`/proc/${pid}/cmdline`, 'utf8').replaceAll('\0', ' ').trim();
}

/**
 * The postmaster of the PostgreSQL at `url` if it runs on this machine (the parent of the backend
 * serving a connection, whose title starts with `postgres:`), else null.
 * @param {string} url
 * @returns {Promise<number | null>}
 */
export async function localPostmasterPid(url) {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 5000 });
  await client.connect();
  try {
    const { rows } = await client.query('SELECT pg_backend_pid() AS pid');
    const backend = Number(rows[0]?.pid);
    if (!processTitle(backend).startsWith('postgres:')) return null;
    const stat = readFileSync(`/proc/${backend}/stat`, 'utf8');
    const parent = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
    return childPids(parent).includes(backend) ? parent : null;
  } catch {
    return null;
  } finally {
    await client.end();
  }
}

/**
 * CPU of a local PostgreSQL spent for one database: every backend whose process title names it
 * (one per connection, autovacuum workers included), sampled every `intervalMs` so that a backend
 * that exits keeps what it had used at its last sample. The shared background writers are summed
 * apart (`shared`): other databases' commits feed them too.
 * @param {number} postmasterPid
 * @param {string} databaseName
 * @param {number} [intervalMs]
 */
export function trackPostgresCpu(postmasterPid, databaseName, intervalMs = 200) {
  /** @type {Map<number, number>} */
  const ours = new Map();
  /** @type {Map<number, number>} */
  const shared = new Map();
  const sample = () => {
    let children;
    try {
      children = childPids(postmasterPid);
    } catch {
      return;
    }
    for (const pid of children) {
      try {
        const words = processTitle(pid).split(/\s+/);
        const title = words.join(' ');
        if (words.includes(databaseName)) ours.set(pid, ownTicks(pid));
        else if (sharedTitles.some((name) => title.endsWith(name))) shared.set(pid, ownTicks(pid));
      } catch {
        // exited between the listing and the read
      }
    }
  };
  sample();
  const timer = setInterval(sample, intervalMs);
  timer.unref();
  const sum = (/** @type {Map<number, number>} */ map) => [...map.values()].reduce((total, ticks) => total + ticks, 0) / clockTicks();
  return {
    /** Cumulative CPU seconds so far: the database's backends, and the shared background processes. */
    read() {
      sample();
      return { ours: sum(ours), shared: sum(shared) };
    },
    /** Live backends of the database (their pids), for write accounting. */
    backends() {
      sample();
      return [...ours.keys()];
    },
    stop() {
      clearInterval(timer);
    },
  };
}
