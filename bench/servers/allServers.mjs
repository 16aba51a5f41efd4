import { hocuspocus } from './hocuspocus.mjs';
import { hocuspocusCluster, hocuspocusPostgres } from './hocuspocusPostgres.mjs';
import { relay } from './relay.mjs';
import { tandem } from './tandem.mjs';
import { tandemCluster, tandemPostgres } from './tandemPostgres.mjs';
import { yWebsocketLeveldb } from './yWebsocketLeveldb.mjs';
import { yWebsocketServer } from './yWebsocketServer.mjs';

/** Every server the harness can drive, in table order. @type {readonly import('./serverDef.mjs').ServerDef[]} */
export const allServers = Object.freeze([
  tandem,
  tandemPostgres,
  tandemCluster,
  yWebsocketServer,
  yWebsocketLeveldb,
  hocuspocus,
  hocuspocusPostgres,
  hocuspocusCluster,
  relay,
]);
