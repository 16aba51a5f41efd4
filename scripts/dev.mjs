#!/usr/bin/env node
// `npm run dev`: the sync server plus `next dev` (hot reload) for the editor, and the embeddable
// component rebuilt on change (tsc --watch, styles.css copied on save), since the app consumes
// its built dist/. Same settings and the same Ctrl-C behaviour as `npm start` (scripts/start.mjs).
import { copyFile, watch } from 'node:fs';
import { resolve } from 'node:path';
import { authSetup, build, readConfig, repoRoot, runTogether, say } from './start.mjs';

const config = readConfig();
build(['@tandem/sync-server...', '@tandem/editor-react...']);
const auth = authSetup(config);
say('tandem', auth.line);

const componentDir = resolve(repoRoot, 'packages/editor-react');
const css = { from: resolve(componentDir, 'src/styles.css'), to: resolve(componentDir, 'dist/styles.css') };
const cssWatcher = watch(css.from, () =>
  copyFile(css.from, css.to, (error) => say('css', error ? `copying styles.css failed: ${error.message}` : 'styles.css copied to dist/')),
);

let announced = { sync: false, web: false };
const announce = (name) => {
  announced = { ...announced, [name]: true };
  if (announced.sync && announced.web) {
    say('tandem', `Tandem (dev) is running. Open http://localhost:${config.webPort} (sync server ${config.syncUrl}). Ctrl-C stops it.`);
  }
};

const code = await runTogether(
  [
    {
      name: 'sync',
      command: process.execPath,
      args: [resolve(repoRoot, 'apps/sync-server/dist/cli.js'), '--port', String(config.syncPort), '--data-dir', config.dataDir],
      cwd: repoRoot,
      env: auth.syncEnv,
    },
    {
      name: 'tsc',
      command: process.execPath,
      args: [resolve(repoRoot, 'node_modules/typescript/bin/tsc'), '--watch', '--preserveWatchOutput', '-p', 'tsconfig.build.json'],
      cwd: componentDir,
    },
    {
      name: 'web',
      command: process.execPath,
      args: [resolve(repoRoot, 'node_modules/next/dist/bin/next'), 'dev', '-p', String(config.webPort)],
      cwd: resolve(repoRoot, 'apps/editor'),
      env: { NEXT_PUBLIC_SYNC_URL: config.syncUrl, NEXT_TELEMETRY_DISABLED: '1', ...auth.webEnv },
    },
  ],
  {
    onLine: (name, line) => {
      if (name === 'sync' && line.includes('"msg":"listening"')) announce('sync');
      if (name === 'web' && /Ready in/.test(line)) announce('web');
    },
  },
);
cssWatcher.close();
process.exit(code);
