/**
 * Prints a table as aligned plain text (first column left, the others right-aligned).
 * @param {string} title
 * @param {{ header: string[], rows: string[][], notes: string[] }} table
 * @param {(line: string) => void} [print]
 */
export function printTable(title, { header, rows, notes }, print = console.log) {
  const widths = header.map((cell, i) => Math.max(cell.length, ...rows.map((row) => (row[i] ?? '').length)));
  const line = (/** @type {string[]} */ cells) =>
    cells.map((cell, i) => (i === 0 ? cell.padEnd(widths[i] ?? 0) : cell.padStart(widths[i] ?? 0))).join('  ');
  print('');
  print(title);
  print(line(header));
  print(widths.map((width) => '-'.repeat(width)).join('  '));
  for (const row of rows) print(line(row));
  for (const note of notes) print(`  note: ${note}`);
}
