import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { configKeys, defaultConfig, envName, flagName } from './index.js';

/** The rows of a README's config table: key, env, flag and default cells, in order. */
function configTable(path: URL): string[][] {
  const lines = readFileSync(path, 'utf8').split('\n');
  const start = lines.indexOf('| Key | Env | Flag | Default | Meaning |');
  if (start === -1) throw new Error(`no config table in ${path.pathname}`);
  const rows: string[][] = [];
  for (const line of lines.slice(start + 2)) {
    if (!line.startsWith('|')) break;
    rows.push(
      line
        .split(' | ')
        .slice(0, 4)
        .map((cell) => cell.replace(/^\| /, '')),
    );
  }
  return rows;
}

/** How the tables write a default: in backticks (maybe followed by a unit), `none` for no value. */
function defaultCell(value: unknown): string {
  if (value === null) return 'none';
  return `\`${Array.isArray(value) ? value.join(',') : String(value)}\``;
}

describe.each([
  ['the README', new URL('../../../../README.md', import.meta.url)],
  ['the sync server README', new URL('../../README.md', import.meta.url)],
])('the config table of %s', (_name, path) => {
  it("lists exactly the schema's keys, in its order, with their env variables, flags and defaults", () => {
    const rows = configTable(path);
    expect(rows.map(([key]) => key)).toEqual(configKeys.map((key) => `\`${key}\``));
    for (const [index, key] of configKeys.entries()) {
      const [, env, flag, fallback] = rows[index] as string[];
      expect({ key, env, flag }).toEqual({ key, env: `\`${envName(key)}\``, flag: `\`${flagName(key)}\`` });
      expect(fallback?.startsWith(defaultCell(defaultConfig[key])), `${key}: default ${fallback}`).toBe(true);
    }
  });
});
