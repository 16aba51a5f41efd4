/**
 * Nearest-rank percentiles of a sample (values in any unit; the input is not modified).
 * @param {readonly number[]} values
 * @param {readonly number[]} [ranks] percentiles to report, 0..100
 * @returns {{ count: number, min: number, max: number, mean: number } & Record<string, number>}
 */
export function percentiles(values, ranks = [50, 90, 99]) {
  const sorted = Float64Array.from(values).sort();
  /** @type {Record<string, number>} */
  const result = { count: sorted.length, min: Number.NaN, max: Number.NaN, mean: Number.NaN };
  for (const rank of ranks) result[`p${rank}`] = Number.NaN;
  if (sorted.length === 0) return /** @type {any} */ (result);
  let sum = 0;
  for (const value of sorted) sum += value;
  result.min = /** @type {number} */ (sorted[0]);
  result.max = /** @type {number} */ (sorted[sorted.length - 1]);
  result.mean = sum / sorted.length;
  for (const rank of ranks) {
    const index = Math.min(sorted.length - 1, Math.max(0, Math.ceil((rank / 100) * sorted.length) - 1));
    result[`p${rank}`] = /** @type {number} */ (sorted[index]);
  }
  return /** @type {any} */ (result);
}
