// Ships the component's stylesheet with the build: src/styles.css followed by every
// src/styles/*.css (in name order) → dist/styles.css, exported as `@tandem/editor-react/styles.css`.
// Fails loudly if a part is missing or empty.
import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const partsDir = join(root, 'src', 'styles');
const parts = [
  join(root, 'src', 'styles.css'),
  ...(await readdir(partsDir))
    .filter((name) => name.endsWith('.css'))
    .sort()
    .map((name) => join(partsDir, name)),
];
const to = join(root, 'dist', 'styles.css');

const texts = await Promise.all(parts.map((part) => readFile(part, 'utf8')));
for (const [index, text] of texts.entries()) if (text.trim().length === 0) throw new Error(`copy-css: ${parts[index]} is empty`);
await mkdir(dirname(to), { recursive: true });
const css = texts.join('\n');
await writeFile(to, css);
console.log(`copy-css: ${parts.length} files → ${to} (${Buffer.byteLength(css)} bytes)`);
