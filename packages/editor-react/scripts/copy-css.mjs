// Ships the component's stylesheet with the build: src/styles.css → dist/styles.css
// (exported as `@tandem/editor-react/styles.css`). Fails loudly if either side is missing.
import { copyFile, mkdir, stat } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const from = join(root, 'src', 'styles.css');
const to = join(root, 'dist', 'styles.css');

await mkdir(dirname(to), { recursive: true });
await copyFile(from, to);
const { size } = await stat(to);
if (size === 0) throw new Error(`copy-css: ${to} is empty`);
console.log(`copy-css: ${from} → ${to} (${size} bytes)`);
