/**
 * Columns whose runs combine to the worst value, not the median: counts and percentages where
 * lower is better are losses and failures (missing deliveries, lost edits, failed joins).
 * @param {import('../workloads/workloadDef.mjs').Column} column
 */
const isLoss = (column) => (column.unit === 'count' || column.unit === 'pct') && column.better === 'lower';

/** @param {number[]} values */
function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1
    ? /** @type {number} */ (sorted[middle])
    : /** @type {number} */ (sorted[middle - 1] + /** @type {number} */ (sorted[middle])) / 2;
}

/**
 * One cell from the repeated runs of a (workload, server) pair: the median of each number, the
 * worst of each loss or failure count, every boolean true only if it was true in every run. The
 * runs themselves are kept (`runs`) for the JSON report; failed runs are counted.
 * @param {Record<string, any>[]} runs results, or `{ error }` for a run that failed
 * @param {readonly import('../workloads/workloadDef.mjs').Column[]} columns the workload's columns
 * @returns {Record<string, any>}
 */
export function combineRuns(runs, columns) {
  if (runs.length === 1) return /** @type {Record<string, any>} */ (runs[0]);
  const worstOf = new Set(columns.filter(isLoss).map((column) => column.key));
  const ok = runs.filter((run) => run.error === undefined);
  if (ok.length === 0) return { error: runs[0]?.error, failedRuns: runs.length };
  /** @type {Record<string, any>} */
  const combined = {};
  const keys = new Set(ok.flatMap((run) => Object.keys(run)));
  for (const key of keys) {
    const values = ok.map((run) => run[key]).filter((value) => value !== null && value !== undefined);
    if (values.length === 0) combined[key] = null;
    else if (values.every((value) => typeof value === 'number')) combined[key] = worstOf.has(key) ? Math.max(...values) : median(values);
    else if (values.every((value) => typeof value === 'boolean')) combined[key] = values.every(Boolean);
    else combined[key] = values[0];
  }
  return { ...combined, failedRuns: runs.length - ok.length, runs };
}
