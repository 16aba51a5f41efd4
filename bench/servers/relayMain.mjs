// Child-process entry: the floor. A bare `ws` relay that keeps no document: per URL path
// ("room") it forwards sync step 2 / update frames to the room's other sockets, echoes
// awareness frames to the whole room (as y-websocket-server does, which also keeps the
// clients' 30 s liveness check fed), and answers each sync step 1 with an empty sync step 2
// so that stock providers report `synced`. Prints one JSON line {"port": N} when listening.
import { createServer } from 'node:http';
import { WebSocketServer } from 'ws';

/** [messageSync, syncStep2, varUint8Array(length 2), empty update [0, 0]] */
const emptySyncStep2 = Uint8Array.of(0, 1, 2, 0, 0);

/** @type {Map<string, Set<import('ws').WebSocket>>} */
const rooms = new Map();
const http = createServer((_request, response) => {
  response.writeHead(200, { 'Content-Type': 'text/plain' });
  response.end('relay');
});
const wss = new WebSocketServer({ server: http });
wss.on('connection', (socket, request) => {
  const name = (request.url ?? '/').split('?')[0] ?? '/';
  let room = rooms.get(name);
  if (!room) {
    room = new Set();
    rooms.set(name, room);
  }
  const members = room;
  members.add(socket);
  socket.on('message', (data, isBinary) => {
    if (!isBinary) return;
    const bytes = /** @type {Buffer} */ (data);
    if (bytes[0] === 0 && bytes[1] === 0) {
      socket.send(emptySyncStep2);
      return;
    }
    const echo = bytes[0] === 1;
    if (bytes[0] !== 0 && !echo) return;
    for (const other of members) {
      if ((echo || other !== socket) && other.readyState === other.OPEN) other.send(bytes);
    }
  });
  socket.on('close', () => {
    members.delete(socket);
    if (members.size === 0) rooms.delete(name);
  });
});
http.listen(0, '127.0.0.1', () => {
  const address = http.address();
  process.stdout.write(`${JSON.stringify({ port: typeof address === 'object' && address ? address.port : 0 })}\n`);
});
