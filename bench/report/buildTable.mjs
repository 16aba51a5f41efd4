import { formatRatio, formatValue } from './formatValue.mjs';

/**
 * @typedef {Record<string, any>} ServerResult metrics, or `{ skipped: reason }`, or `{ error: message }`
 */

/**
 * One workload's table: a row per server, a cell per column with "value (ratio against the
 * reference row)". Skipped and failed servers get a row of dashes and a note.
 * @param {import('../workloads/workloadDef.mjs').Workload} workload
 * @param {readonly import('../servers/serverDef.mjs').ServerDef[]} servers
 * @param {Record<string, ServerResult>} results by server id
 * @param {string | null} referenceId
 * @returns {{ header: string[], rows: string[][], notes: string[] }}
 */
export function buildTable(workload, servers, results, referenceId) {
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
        return ratio ? `${value} (${ratio})` : value;
      }),
    ];
  });
  return { header, rows, notes };
}
