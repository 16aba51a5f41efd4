#!/usr/bin/env node
// `npm run sync-server [-- flags]`: the sync server alone, in the foreground, started the way every
// Tandem launcher starts it (apps/sync-server/src/serverLaunch.ts: Node and malloc settings that give
// memory back after bursts). Flags go to its CLI (`--help` lists them); HOST, PORT, DATA_DIR and the
// other variables of the README's config table are read by the CLI itself. The server runs in its
// own process group, so a Ctrl-C reaches it once, through here (a second signal would force it).
import { spawn } from 'node:child_process';
import { constants } from 'node:os';
import { serverLaunch } from '../apps/sync-server/dist/serverLaunch.js';

const launch = serverLaunch(process.argv.slice(2));
const child = spawn(process.execPath, launch.args, { stdio: 'inherit', env: launch.env, detached: true });
for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
  process.on(signal, () => {
    if (child.exitCode === null && child.signalCode === null) child.kill(signal);
  });
}
child.on('error', (error) => {
  process.stderr.write(`sync-server: cannot start the sync server: ${error.message}\n`);
  process.exit(1);
});
child.on('exit', (code, signal) => process.exit(code ?? 128 + (signal === null ? 1 : constants.signals[signal])));
