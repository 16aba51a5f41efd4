/**
 * One column of a workload's table.
 * @typedef {Object} Column
 * @property {string} key field of the workload's result object
 * @property {string} label
 * @property {'s' | 'ms' | 'bytes' | 'count' | 'rate' | 'pct' | 'bool'} unit
 * @property {'lower' | 'higher' | null} better direction for ratios (null: no ratio)
 */

/**
 * What a workload gets for one server.
 * @typedef {Object} WorkloadContext
 * @property {import('../servers/serverDef.mjs').ServerDef} server
 * @property {any} sizes this workload's section of the bench config
 * @property {(dataDir?: string) => Promise<import('../servers/deployment.mjs').Deployment>} start
 *   starts the server on a fresh data dir (or `dataDir`, to restart on the same data); stopped by the runner
 * @property {import('../clients/benchClient.mjs').BenchClient[]} clients every client created goes here; destroyed by the runner
 * @property {(message: string) => void} log progress line
 */

/**
 * @typedef {Object} Workload
 * @property {string} id used in --only, JSON keys and chart file names
 * @property {string} title
 * @property {string} description one line for the report
 * @property {(server: import('../servers/serverDef.mjs').ServerDef) => string | null} skip why it does not apply, or null
 * @property {(context: WorkloadContext) => Promise<Record<string, number | boolean | string | null>>} run
 * @property {Column[]} columns
 * @property {string[]} chart keys drawn in the workload's SVG chart
 */
export {};
