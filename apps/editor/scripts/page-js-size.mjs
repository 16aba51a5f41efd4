// Prints the JavaScript a browser downloads to open a document page (/d/<id>): Next's root main
// files plus the page's entry chunks, raw and gzipped, read from the last `next build` in .next/.
// Turbopack's build output no longer lists sizes per route; this reads the same manifests.
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';

const nextDir = join(dirname(fileURLToPath(import.meta.url)), '..', '.next');
const route = process.argv[2] ?? '/d/[id]/page';
const buildManifest = JSON.parse(readFileSync(join(nextDir, 'build-manifest.json'), 'utf8'));
globalThis.self = globalThis;
const manifestFile = join(
  nextDir,
  'server',
  'app',
  ...route.split('/').filter(Boolean),
  '..',
  `${route.split('/').pop()}_client-reference-manifest.js`,
);
await import(manifestFile);
const manifest = globalThis.__RSC_MANIFEST?.[route];
if (!manifest) throw new Error(`page-js-size: no client reference manifest for ${route} in ${manifestFile}`);
const files = new Set([...buildManifest.rootMainFiles, ...Object.values(manifest.entryJSFiles).flat()]);
let raw = 0;
let gzip = 0;
for (const file of files) {
  const bytes = readFileSync(join(nextDir, file));
  raw += bytes.length;
  gzip += gzipSync(bytes, { level: 9 }).length;
}
const kib = (n) => `${(n / 1024).toFixed(1)} KiB`;
console.log(`${route}: ${files.size} JS files, ${kib(raw)} raw, ${kib(gzip)} gzipped`);
