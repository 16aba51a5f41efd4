#!/usr/bin/env node
// `npm run dev`: the sync server plus `next dev` (hot reload) for the editor, on the same public
// port as `npm start` (the gateway: the app, and the sync server under `/sync`). `next dev` reads
// the workspace packages (the component, the schema, tokens, protocol) from their TypeScript
// source (apps/editor/next.config.ts), so a change to them shows at once and nothing of theirs is
// built first. Same settings and the same Ctrl-C behaviour as `npm start` (scripts/start.mjs).
import { build, readConfig, runProduct, say } from './start.mjs';

try {
  const config = readConfig();
  build(['@tandem/sync-server...']);
  process.exit(await runProduct(config, { mode: 'dev', name: 'Tandem (dev)' }));
} catch (error) {
  say('tandem', `cannot start: ${error.message}`);
  process.exit(1);
}
