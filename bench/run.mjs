#!/usr/bin/env node
// `npm run bench`: installs bench/'s own dependencies if missing, builds Tandem's sync server,
// then runs every workload against every server (see bench/README.md). Only Node built-ins
// are imported before the install step.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { BenchConfigError, benchDir, parseBenchConfig, usage } from './benchConfig.mjs';
import { allServers } from './servers/allServers.mjs';
import { repoRoot, tandemRoot } from './servers/tandem.mjs';

/** @param {string} command @param {string[]} args */
function run(command, args) {
  console.log(`$ ${command} ${args.join(' ')}`);
  const result = spawnSync(command, args, { cwd: repoRoot, stdio: 'inherit' });
  if (result.status !== 0) throw new Error(`${command} ${args.join(' ')} failed (exit ${result.status ?? result.signal})`);
}

async function main() {
  const argv = process.argv.slice(2);
  if (argv.includes('--help') || argv.includes('-h')) {
    console.log(usage);
    return 0;
  }
  const serverIds = allServers.map((server) => server.id);
  const config = parseBenchConfig(argv, process.env, serverIds);
  if (!existsSync(join(benchDir, 'node_modules/.package-lock.json'))) {
    if (!config.install) throw new Error('bench/node_modules is missing (run npm ci --prefix bench)');
    run('npm', ['ci', '--prefix', 'bench']);
  }
  const isTandem = (/** @type {string} */ id) => id === 'tandem' || id.startsWith('tandem-');
  if (config.servers.some(isTandem)) {
    if (!existsSync(join(tandemRoot, 'apps/sync-server/src/cli.ts'))) {
      if (config.servers.every(isTandem)) throw new Error('Tandem sync server sources are missing (apps/sync-server/src/cli.ts)');
      console.warn('WARNING: apps/sync-server/src/cli.ts is missing: running the peers without Tandem');
      config.servers = config.servers.filter((id) => !isTandem(id));
    } else if (tandemRoot !== repoRoot) {
      console.log(`measuring the Tandem build at ${tandemRoot} (BENCH_TANDEM_ROOT), not building`);
    } else if (config.build) {
      run('npx', ['turbo', 'run', 'build', '--filter=@tandem/sync-server...', '--output-logs=errors-only']);
    }
  }
  const { runBench } = await import('./runBench.mjs');
  const { failures } = await runBench(config);
  if (failures > 0) console.error(`${failures} workload run(s) failed; see the notes in the tables`);
  return failures > 0 ? 1 : 0;
}

for (const signal of /** @type {const} */ (['SIGINT', 'SIGTERM'])) {
  // exit handlers (servers/spawnServer.mjs) kill every server child
  process.on(signal, () => process.exit(130));
}
main().then(
  (code) => process.exit(code),
  (error) => {
    console.error(error instanceof BenchConfigError ? error.message : error);
    process.exit(1);
  },
);
