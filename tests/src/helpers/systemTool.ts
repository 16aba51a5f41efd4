import { spawnSync } from 'node:child_process';

/**
 * Whether the system command `name` runs (`name --version`, or `versionArgs`). A missing one skips the tests that
 * need it, loudly, unless `TANDEM_REQUIRE_SYSTEM=1` (CI), where it is an error.
 */
export function systemTool(name: string, neededFor: string, versionArgs: string[] = ['--version']): boolean {
  const probe = spawnSync(name, versionArgs, { stdio: 'ignore' });
  if (probe.error === undefined && probe.status === 0) return true;
  if (process.env.TANDEM_REQUIRE_SYSTEM === '1') {
    throw new Error(
      `${name} is required (TANDEM_REQUIRE_SYSTEM=1) for ${neededFor}, but it does not run; install it (apt-get install ${name === 'prlimit' ? 'util-linux' : name})`,
    );
  }
  console.warn(`\n⚠️  SKIPPING ${neededFor}: no ${name} on this machine. Set TANDEM_REQUIRE_SYSTEM=1 to make this a failure.\n`);
  return false;
}
