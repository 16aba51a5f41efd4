/**
 * A number with about three significant digits (no exponent for the sizes seen here).
 * @param {number} value
 */
function significant(value) {
  const magnitude = Math.abs(value);
  if (magnitude >= 100) return value.toFixed(0);
  if (magnitude >= 10) return value.toFixed(1);
  if (magnitude >= 1) return value.toFixed(2);
  return value.toFixed(3);
}

/**
 * Formats one result value for tables and chart labels.
 * @param {number | boolean | string | null | undefined} value
 * @param {import('../workloads/workloadDef.mjs').Column['unit']} unit
 * @returns {string}
 */
export function formatValue(value, unit) {
  if (value === null || value === undefined || (typeof value === 'number' && Number.isNaN(value))) return '-';
  if (typeof value === 'boolean') return value ? 'yes' : 'NO';
  if (typeof value === 'string') return value;
  switch (unit) {
    case 's':
      return `${significant(value)} s`;
    case 'ms':
      return `${significant(value)} ms`;
    case 'bytes':
      if (Math.abs(value) >= 1024 * 1024) return `${significant(value / (1024 * 1024))} MiB`;
      if (Math.abs(value) >= 1024) return `${significant(value / 1024)} KiB`;
      return `${value.toFixed(0)} B`;
    case 'rate':
      return value >= 1000 ? `${significant(value / 1000)}k/s` : `${significant(value)}/s`;
    case 'pct':
      return `${value.toFixed(1)}%`;
    case 'bool':
      return value ? 'yes' : 'NO';
    default:
      return Number.isInteger(value) ? String(value) : significant(value);
  }
}

/**
 * `value / reference` as "2.10x", or '' when it means nothing (missing or zero reference).
 * @param {unknown} value
 * @param {unknown} reference
 */
export function formatRatio(value, reference) {
  if (typeof value !== 'number' || typeof reference !== 'number' || !Number.isFinite(value) || !(reference > 0)) return '';
  const ratio = value / reference;
  // Against a near-zero reference (a drain of 8 ms) a ratio is noise: say only that it is far off.
  if (ratio > 100) return '>100x';
  if (ratio < 0.01) return '<0.01x';
  return `${ratio.toFixed(2)}x`;
}
