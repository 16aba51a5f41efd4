import { buildTable } from './buildTable.mjs';

/** @param {string} cell */
const escapeCell = (cell) => cell.replace(/\|/g, '\\|');

/**
 * The Markdown report: one section per workload with its sizes, table, notes and chart.
 * @param {{ generatedAt: string, quick: boolean, repeat: number, machine: Record<string, unknown>, referenceId: string | null,
 *   workloads: readonly import('../workloads/workloadDef.mjs').Workload[],
 *   servers: readonly import('../servers/serverDef.mjs').ServerDef[],
 *   sizes: Record<string, Record<string, number>>, results: Record<string, Record<string, any>> }} report
 * @returns {string}
 */
export function renderMarkdown({ generatedAt, quick, repeat, machine, referenceId, workloads, servers, sizes, results }) {
  const lines = [
    `# Sync server benchmark${quick ? ' (quick smoke sizes, not comparable)' : ''}`,
    '',
    `Generated ${generatedAt} by \`npm run bench\` on ${machine.cpus} cores (${machine.cpuModel}), ${machine.memoryGiB} GiB, Node ${machine.node}${machine.tandem ? `, Tandem ${machine.tandem}` : ''}.`,
    `All servers ran as child processes on loopback, one at a time, driven by the same load generator. See [bench/README.md](../README.md) for how each number is measured.`,
    repeat > 1
      ? `Each (workload, server) pair ran ${repeat} times, round-robin over the servers; a cell is the median of its runs (losses and failures: the worst run), [the lowest–the highest run] after it.`
      : '',
    referenceId ? `Ratios in parentheses are value / the reference row (${referenceId}); ↓ lower is better, ↑ higher is better.` : '',
    '',
  ];
  for (const workload of workloads) {
    const table = buildTable(workload, servers, results[workload.id] ?? {}, referenceId, { spread: repeat > 1 });
    lines.push(`## ${workload.title}`, '', `${workload.description}. Sizes: \`${JSON.stringify(sizes[workload.id])}\`.`, '');
    lines.push(
      `| ${table.header.map(escapeCell).join(' | ')} |`,
      `|${table.header.map((_, i) => (i === 0 ? ' --- ' : ' ---: ')).join('|')}|`,
    );
    for (const row of table.rows) lines.push(`| ${row.map(escapeCell).join(' | ')} |`);
    lines.push('');
    for (const note of table.notes) lines.push(`- ${note}`);
    const runs = Object.values(results[workload.id] ?? {}).flatMap((result) => (Array.isArray(result.runs) ? result.runs : [result]));
    const loads = runs.map((result) => result.hostLoad1m).filter((load) => typeof load === 'number');
    if (loads.length > 0) {
      lines.push(
        `- host load average (1 min) at the end of each run: ${loads.map((load) => load.toFixed(1)).join(', ')} (${machine.cpus} cores)`,
      );
    }
    const busy = runs.filter((result) => result.startedQuiet === false).length;
    if (busy > 0)
      lines.push(`- ${busy} of ${runs.length} runs started on a machine still busy with other work (no idle second in the wait)`);
    lines.push('');
    lines.push(`![${workload.title}](${workload.id}.svg)`, '');
  }
  return lines.join('\n');
}
