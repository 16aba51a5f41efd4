/**
 * What the harness knows about one server under test.
 * @typedef {Object} ServerDef
 * @property {string} id short id used in --servers, JSON keys and file names
 * @property {string} label row label in tables and charts
 * @property {boolean} persistent whether it stores documents (trace replay and kill -9 only run on these)
 * @property {boolean} hasDoc false for the bare relay, which keeps no document (join storm skipped)
 * @property {boolean} durableAck whether it speaks Tandem's durable ack (message type 100, `ack=1`)
 * @property {'y-websocket' | 'hocuspocus'} client which stock client library drives it
 * @property {(options: StartOptions) => Promise<import('./spawnServer.mjs').RunningServer>} start
 */

/**
 * @typedef {Object} StartOptions
 * @property {string} dataDir a fresh (or, for a restart, the previous) data directory
 * @property {string[]} [nodeArgs] extra Node flags for the server process (profiling)
 */
export {};
