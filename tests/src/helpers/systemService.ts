import { connect } from 'node:net';

/**
 * Whether a TCP service (the machine's PostgreSQL or Redis) answers at `port`. A missing one skips
 * the tests that need it, loudly, unless `TANDEM_REQUIRE_SYSTEM=1` (CI), where it is an error.
 */
export async function systemService(name: string, port: number, neededFor: string): Promise<boolean> {
  const reachable = await new Promise<boolean>((resolve) => {
    const socket = connect({ host: '127.0.0.1', port });
    socket.setTimeout(1000);
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('timeout', () => {
      socket.destroy();
      resolve(false);
    });
    socket.once('error', () => resolve(false));
  });
  if (reachable) return true;
  if (process.env.TANDEM_REQUIRE_SYSTEM === '1') {
    throw new Error(
      `${name} is required (TANDEM_REQUIRE_SYSTEM=1) for ${neededFor}, but nothing answers on 127.0.0.1:${port}; start it (see .ci/run)`,
    );
  }
  console.warn(
    `\n⚠️  SKIPPING ${neededFor}: ${name} does not answer on 127.0.0.1:${port}. Set TANDEM_REQUIRE_SYSTEM=1 to make this a failure.\n`,
  );
  return false;
}

export const redisUrl = 'redis://127.0.0.1:6379';
