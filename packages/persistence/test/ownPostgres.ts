import { execFileSync, spawnSync } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * A PostgreSQL server of a test's own (initdb + pg_ctl into a temp dir, on a free port), for tests
 * that stop, freeze or restart the database, which they must never do to the machine's shared one.
 * PostgreSQL refuses to run as root, so under root every command runs as the `postgres` user
 * (`runuser`), on a dir chowned to it. `destroy()` stops it and removes the dir; a process exit
 * stops it too, so a failed or killed test leaves nothing running.
 */
export interface OwnPostgres {
  port: number;
  /** `postgres://postgres@127.0.0.1:<port>/postgres` */
  url: string;
  /** Stops it: 'immediate' is a crash (recovery at the next start), 'fast' a clean shutdown. */
  stop(mode?: 'immediate' | 'fast'): void;
  /** Starts it again on the same port and data. */
  start(): void;
  /** SIGSTOP / SIGCONT every process of the server: it accepts connections but answers nothing. */
  freeze(): void;
  thaw(): void;
  destroy(): void;
}

/** Where initdb and pg_ctl live: TANDEM_PG_BIN, else `pg_config --bindir`, else the newest /usr/lib/postgresql/<v>/bin. */
function findBinDir(): string | null {
  const candidates = [process.env.TANDEM_PG_BIN];
  const pgConfig = spawnSync('pg_config', ['--bindir'], { encoding: 'utf8' });
  if (pgConfig.status === 0) candidates.push(pgConfig.stdout.trim());
  if (existsSync('/usr/lib/postgresql')) {
    const versions = readdirSync('/usr/lib/postgresql').sort((a, b) => Number(b) - Number(a));
    candidates.push(...versions.map((version) => `/usr/lib/postgresql/${version}/bin`));
  }
  return candidates.find((dir) => dir !== undefined && existsSync(join(dir, 'initdb')) && existsSync(join(dir, 'pg_ctl'))) ?? null;
}

/** The binaries, or null after a loud skip message (an error under TANDEM_REQUIRE_SYSTEM=1). */
export function ownPostgresAvailable(neededFor: string): boolean {
  if (findBinDir() !== null) return true;
  const reason = 'no initdb/pg_ctl (install postgresql, or set TANDEM_PG_BIN)';
  if (process.env.TANDEM_REQUIRE_SYSTEM === '1')
    throw new Error(`PostgreSQL binaries are required (TANDEM_REQUIRE_SYSTEM=1) for ${neededFor}: ${reason}`);
  console.warn(`\n⚠️  SKIPPING ${neededFor}: ${reason}. Set TANDEM_REQUIRE_SYSTEM=1 to make this a failure.\n`);
  return false;
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolve(typeof address === 'object' && address !== null ? address.port : 0));
    });
  });
}

export async function startOwnPostgres(): Promise<OwnPostgres> {
  const bin = findBinDir();
  if (bin === null) throw new Error('no initdb/pg_ctl on this machine');
  const root = process.getuid?.() === 0;
  const dir = mkdtempSync(join(tmpdir(), 'tandem-pg-'));
  const data = join(dir, 'data');
  const log = join(dir, 'server.log');
  if (root)
    chownSync(dir, Number(execFileSync('id', ['-u', 'postgres']).toString()), Number(execFileSync('id', ['-g', 'postgres']).toString()));
  const run = (command: string, args: string[]): void => {
    const [file, argv] = root ? ['runuser', ['-u', 'postgres', '--', join(bin, command), ...args]] : [join(bin, command), args];
    const result = spawnSync(file, argv, { encoding: 'utf8', timeout: 60_000 });
    if (result.status !== 0) {
      const serverLog = existsSync(log) ? readFileSync(log, 'utf8').slice(-2000) : '';
      throw new Error(`${command} ${args.join(' ')} failed (${result.status}): ${result.stderr}${result.error ?? ''}\n${serverLog}`);
    }
  };
  const port = await freePort();
  run('initdb', ['-D', data, '-U', 'postgres', '--auth=trust', '-E', 'UTF8', '--no-sync', '--no-instructions']);
  const options = `-p ${port} -c listen_addresses=127.0.0.1 -k ${dir} -c fsync=off -c max_connections=50`;
  let running = false;
  const start = (): void => {
    run('pg_ctl', ['-D', data, '-l', log, '-o', options, '-w', '-t', '60', 'start']);
    running = true;
  };
  const stop = (mode: 'immediate' | 'fast' = 'fast'): void => {
    if (!running) return;
    run('pg_ctl', ['-D', data, '-m', mode, '-w', 'stop']);
    running = false;
  };
  const processes = (): string[] => {
    const postmaster = readFileSync(join(data, 'postmaster.pid'), 'utf8').split('\n')[0] as string;
    const children = spawnSync('pgrep', ['-P', postmaster], { encoding: 'utf8' }).stdout.split('\n').filter(Boolean);
    return [postmaster, ...children];
  };
  /** A backend that exits meanwhile is no error. */
  const signal = (name: string): void => {
    spawnSync('kill', [`-${name}`, ...processes()]);
  };
  const onExit = (): void => {
    try {
      signal('CONT');
    } catch {}
    try {
      stop('immediate');
    } catch {}
  };
  process.on('exit', onExit);
  start();
  return {
    port,
    url: `postgres://postgres@127.0.0.1:${port}/postgres`,
    stop,
    start,
    freeze: () => signal('STOP'),
    thaw: () => signal('CONT'),
    destroy() {
      process.off('exit', onExit);
      try {
        if (running) signal('CONT');
      } finally {
        try {
          stop('immediate');
        } finally {
          rmSync(dir, { recursive: true, force: true });
        }
      }
    },
  };
}
