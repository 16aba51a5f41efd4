import { hocuspocus } from './hocuspocus.mjs';
import { relay } from './relay.mjs';
import { tandem } from './tandem.mjs';
import { yWebsocketLeveldb } from './yWebsocketLeveldb.mjs';
import { yWebsocketServer } from './yWebsocketServer.mjs';

/** Every server the harness can drive, in table order. @type {readonly import('./serverDef.mjs').ServerDef[]} */
export const allServers = Object.freeze([tandem, yWebsocketServer, yWebsocketLeveldb, hocuspocus, relay]);
