/**
 * What the harness knows about one server under test.
 * @typedef {Object} ServerDef
 * @property {string} id short id used in --servers, JSON keys and file names
 * @property {string} label row label in tables and charts
 * @property {boolean} persistent whether it stores documents (trace replay and kill -9 only run on these)
 * @property {boolean} hasDoc false for the bare relay, which keeps no document (join storm skipped)
 * @property {boolean} durableAck whether it speaks Tandem's durable ack (message type 100, `ack=1`)
 * @property {'y-websocket' | 'hocuspocus'} client which stock client library drives it
 * @property {number} nodes server processes serving clients (more than one: a cluster, each with a port of its own)
 * @property {readonly ('postgres' | 'redis')[]} services what the run provides it: a fresh PostgreSQL database, a redis-server
 * @property {(options: StartOptions) => Promise<import('./deployment.mjs').Deployment>} start
 */

/**
 * @typedef {Object} StartOptions
 * @property {string} dataDir a fresh (or, for a restart, the previous) data directory
 * @property {string[]} [nodeArgs] extra Node flags for the server processes (profiling)
 * @property {import('../services/runServices.mjs').RunServices} services the run's database and Redis (see `services`)
 */
export {};
