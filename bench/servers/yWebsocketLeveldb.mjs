import { startYWebsocketServer } from './yWebsocketServer.mjs';

/** @type {import('./serverDef.mjs').ServerDef} */
export const yWebsocketLeveldb = {
  id: 'y-leveldb',
  label: 'y-websocket-server + y-leveldb',
  persistent: true,
  hasDoc: true,
  durableAck: false,
  client: 'y-websocket',
  nodes: 1,
  services: [],
  start: (options) => startYWebsocketServer('y-websocket-server + y-leveldb', options, options.dataDir),
};
