import { formatValue } from './formatValue.mjs';

/** Bar colours by server id (the reference gets its own, whatever it is). */
const colours = {
  tandem: '#2563eb',
  'y-websocket': '#64748b',
  'y-leveldb': '#0d9488',
  hocuspocus: '#d97706',
  relay: '#a3a3a3',
};

/** @param {string} text */
const escapeXml = (text) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/**
 * A hand-written SVG bar chart for one workload: one panel per charted column, one
 * horizontal bar per server that produced a number, value labels at the bar ends.
 * @param {import('../workloads/workloadDef.mjs').Workload} workload
 * @param {readonly import('../servers/serverDef.mjs').ServerDef[]} servers
 * @param {Record<string, Record<string, any>>} results by server id
 * @param {string} subtitle e.g. the sizes and the machine
 * @returns {string}
 */
export function drawChart(workload, servers, results, subtitle) {
  const width = 760;
  const labelWidth = 230;
  const barArea = width - labelWidth - 110;
  const barHeight = 18;
  const gap = 6;
  const parts = [];
  let y = 68;
  for (const key of workload.chart) {
    const column = workload.columns.find((candidate) => candidate.key === key);
    if (!column) throw new Error(`${workload.id}: chart key ${key} has no column`);
    const bars = servers
      .map((server) => ({ server, value: results[server.id]?.[key] }))
      .filter((bar) => typeof bar.value === 'number' && Number.isFinite(bar.value));
    const direction = column.better === 'higher' ? 'higher is better' : column.better === 'lower' ? 'lower is better' : '';
    parts.push(
      `<text x="16" y="${y}" font-size="14" font-weight="600">${escapeXml(column.label)}${direction ? ` <tspan font-weight="400" fill="#666">(${direction})</tspan>` : ''}</text>`,
    );
    y += 10;
    const max = Math.max(...bars.map((bar) => bar.value), 0);
    if (bars.length === 0) {
      parts.push(`<text x="${labelWidth}" y="${y + 14}" font-size="12" fill="#666">no data</text>`);
      y += barHeight + gap;
    }
    for (const { server, value } of bars) {
      const length = max > 0 ? Math.max(1, (value / max) * barArea) : 1;
      const colour = colours[/** @type {keyof typeof colours} */ (server.id)] ?? '#7c3aed';
      parts.push(
        `<text x="${labelWidth - 8}" y="${y + 13}" font-size="12" text-anchor="end">${escapeXml(server.label)}</text>`,
        `<rect x="${labelWidth}" y="${y}" width="${length.toFixed(1)}" height="${barHeight}" rx="2" fill="${colour}"/>`,
        `<text x="${(labelWidth + length + 6).toFixed(1)}" y="${y + 13}" font-size="12">${escapeXml(formatValue(value, column.unit))}</text>`,
      );
      y += barHeight + gap;
    }
    y += 26;
  }
  const height = y;
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="system-ui, -apple-system, 'Segoe UI', sans-serif">`,
    `<rect width="${width}" height="${height}" fill="#fff"/>`,
    `<text x="16" y="22" font-size="16" font-weight="700">${escapeXml(workload.title)}</text>`,
    `<text x="16" y="38" font-size="11" fill="#666">${escapeXml(subtitle)}</text>`,
    ...parts,
    '</svg>',
    '',
  ].join('\n');
}
