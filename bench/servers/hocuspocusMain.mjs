// Child-process entry: Hocuspocus 4 with its SQLite extension, defaults otherwise
// (2 s store debounce, 10 s max debounce). Prints one JSON line {"port": N} when listening.
// Usage: node hocuspocusMain.mjs <sqlite-file>
import { SQLite } from '@hocuspocus/extension-sqlite';
import { Server } from '@hocuspocus/server';

const database = process.argv[2];
if (!database) throw new Error('usage: hocuspocusMain.mjs <sqlite-file>');
const server = new Server({
  port: 0,
  address: '127.0.0.1',
  quiet: true,
  extensions: [new SQLite({ database })],
});
await server.listen();
process.stdout.write(`${JSON.stringify({ port: server.address.port })}\n`);
