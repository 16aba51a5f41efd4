import { formatRatio, formatValue } from './formatValue.mjs';

/**
 * " [low–high]" of a column over repeated runs, '' for a single run or when they agree.
 * @param {Record<string, any>[] | undefined} runs
 * @param {import('../workloads/workloadDef.mjs').Column} column
 */
function spreadOf(runs, column) {
  const values = (runs ?? []).map((run) => run[column.key]).filter((value) => typeof value === 'number' && Number.isFinite(value));
  if (values.length < 2) return '';
  const [low, high] = [Math.min(...values), Math.max(...values)];
  const [lowText, highText] = [formatValue(low, column.unit), formatValue(high, column.unit)];
  return lowText === highText ? '' : ` [${lowText}–${highText}]`;
}

/**
 * @typedef {Record<string, any>} ServerResult metrics, or `{ skipped: reason }`, or `{ error: message }`
 */

/**
 * One workload's table: a row per server, a cell per column with "value (ratio against the
 * reference row)". Skipped and failed servers get a row of dashes and a note. With `spread`, a
 * cell combined from repeated runs also shows the lowest and highest run: "value [low–high]".
 * @param {import('../workloads/workloadDef.mjs').Workload} workload
 * @param {readonly import('../servers/serverDef.mjs').ServerDef[]} servers
 * @param {Record<string, ServerResult>} results by server id
 * @param {string | null} referenceId
 * @param {{ spread?: boolean }} [options]
 * @returns {{ header: string[], rows: string[][], notes: string[] }}
 */
export function buildTable(workload, servers, results, referenceId, { spread = false } = {}) {
  const reference = referenceId ? results[referenceId] : undefined;
  const usable = reference && !reference.skipped && !reference.error ? reference : undefined;
  const arrow = { lower: ' ↓', higher: ' ↑' };
  const header = ['server', ...workload.columns.map((column) => `${column.label}${column.better ? arrow[column.better] : ''}`)];
  /** @type {string[]} */
  const notes = [];
  const rows = servers.map((server) => {
    const result = results[server.id] ?? { skipped: 'not run' };
    const label = server.id === referenceId && usable ? `${server.label} (ref)` : server.label;
    if (result.skipped || result.error) {
      notes.push(`${server.label}: ${result.skipped ? `skipped, ${result.skipped}` : `FAILED, ${result.error}`}`);
      return [label, ...workload.columns.map(() => '-')];
    }
    if (result.reconnects > 0) {
      notes.push(`${server.label}: ${result.reconnects} client reconnect(s) during the run (the server dropped or refused connections)`);
    }
    return [
      label,
      ...workload.columns.map((column) => {
        const value = formatValue(result[column.key], column.unit);
        const ratio = column.better && usable && server.id !== referenceId ? formatRatio(result[column.key], usable[column.key]) : '';
        const cell = ratio ? `${value} (${ratio})` : value;
        return spread ? `${cell}${spreadOf(result.runs, column)}` : cell;
      }),
    ];
  });
  return { header, rows, notes };
}
