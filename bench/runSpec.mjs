/**
 * What `runIsolated` hands its child: the workload, the server and the whole bench config, as
 * JSON in which the non-finite numbers of the sizes (e.g. the trace's `limit: Infinity`) survive.
 * @typedef {{ workloadId: string, serverId: string, config: import('./benchConfig.mjs').BenchConfig }} RunSpec
 */

/** @param {RunSpec} spec */
export function encodeRunSpec(spec) {
  return JSON.stringify(spec, (_key, value) =>
    typeof value === 'number' && !Number.isFinite(value) ? { nonFinite: String(value) } : value,
  );
}

/** @param {string} text @returns {RunSpec} */
export function decodeRunSpec(text) {
  return JSON.parse(text, (_key, value) =>
    value !== null && typeof value === 'object' && typeof value.nonFinite === 'string' && Object.keys(value).length === 1
      ? Number(value.nonFinite)
      : value,
  );
}
