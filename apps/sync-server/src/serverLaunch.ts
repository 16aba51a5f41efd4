/**
 * How Tandem's own launchers start the sync server's Node process: `npm start`, `npm run dev`,
 * `npm run sync-server` and the benchmark all go through `serverLaunch`, and the README gives the
 * same command line for a deployment. Both settings can only be made when a process starts, and
 * both are about giving memory back after a burst of work (a thousand docs written and opened):
 *
 * - `--max-semi-space-size=1`: V8's young generation stays at 1 MiB per semi-space instead of
 *   growing to 16 MiB. A scavenge then comes after every MiB of allocation, so the short-lived
 *   buffers of a burst (decoded frames, encoded replies, values read from LevelDB, most of them
 *   off the JS heap) are freed soon after their use instead of piling up by the tens of MiB.
 * - `MALLOC_MMAP_THRESHOLD_=8192` (glibc, Linux): allocations of 8 KiB and more get pages of their
 *   own, returned to the OS when freed. Without it they come from the malloc heap, which glibc
 *   only shrinks from the top, so a burst's freed buffers stayed resident as fragments.
 *
 * Measured in docs/performance.md. A value the user set already (in the environment, or the
 * semi-space flag in NODE_OPTIONS) wins.
 */
export const serverNodeOptions: readonly string[] = Object.freeze(['--max-semi-space-size=1']);

export const serverEnvironment: Readonly<Record<string, string>> = Object.freeze({ MALLOC_MMAP_THRESHOLD_: '8192' });

export interface ServerLaunch {
  /** Arguments for `process.execPath`: the Node options, the CLI script, then `cliArgs`. */
  args: string[];
  /** `env` with the launch environment added (the user's own values kept). */
  env: NodeJS.ProcessEnv;
}

const cliPath = new URL('./cli.js', import.meta.url).pathname;

/** The command line and environment that start the sync server CLI with Tandem's launch settings. */
export function serverLaunch(cliArgs: readonly string[], env: NodeJS.ProcessEnv = process.env): ServerLaunch {
  const userOptions = env.NODE_OPTIONS ?? '';
  const nodeOptions = serverNodeOptions.filter((option) => !userOptions.includes(option.split('=')[0] as string));
  const launchEnv: NodeJS.ProcessEnv = { ...env };
  for (const [key, value] of Object.entries(serverEnvironment)) launchEnv[key] ??= value;
  return { args: [...nodeOptions, cliPath, ...cliArgs], env: launchEnv };
}
