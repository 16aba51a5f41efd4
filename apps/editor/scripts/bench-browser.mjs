#!/usr/bin/env node
// The browser benchmark of the editor (issue 19), in headless Chromium against the production build
// on localhost: keystroke-to-paint latency while typing in a 100,000-character document, alone
// and with one other person typing; time from navigation to an editable document (empty and
// 100,000 characters; cold and warm); and the JavaScript the document page ships. Not a test: it
// measures and prints a Markdown table (and the raw numbers with --json).
// Run after `npx turbo run build --filter=@tandem/editor...`:
//   npm run bench:browser -w @tandem/editor -- [--runs 7] [--keys 300] [--json results.json]
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { availableParallelism, loadavg } from 'node:os';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { createDoc, startBenchStack } from './bench/benchStack.mjs';
import { percentile } from './bench/percentile.mjs';
import { acquireSuiteLock } from './bench/suiteLock.mjs';
import { timeToEditable } from './bench/timeToEditable.mjs';
import { typingLatency } from './bench/typingLatency.mjs';

const { values: args } = parseArgs({
  options: { runs: { type: 'string', default: '7' }, keys: { type: 'string', default: '300' }, json: { type: 'string' } },
});
const runs = Number(args.runs);
const keys = Number(args.keys);
const DOC_CHARS = 100_000;

/** About `chars` characters of prose in paragraphs of 100 (99 and a space between words), a heading every 20. */
function longMarkdown(chars) {
  const words = ['collaborative', 'notes', 'keep', 'working', 'offline', 'and', 'sync', 'when', 'back', 'online'];
  const blocks = [];
  for (let i = 0; i * 100 < chars; i++) {
    let text = '';
    for (let w = i; text.length < 99; w++) text += `${words[w % words.length]} `;
    blocks.push(i % 20 === 0 ? `## Section ${i / 20 + 1}` : text.slice(0, 99));
  }
  return blocks.join('\n\n');
}

const ms = (value) => `${value.toFixed(1)} ms`;
const summary = (values) => ({ p50: percentile(values, 50), p95: percentile(values, 95), max: Math.max(...values), n: values.length });

const step = (what) => process.stderr.write(`bench:browser: ${what}\n`);
step('waiting for the browser suite lock (no browser test runs alongside)');
const release = await acquireSuiteLock(30 * 60_000);
const stack = await startBenchStack({ chromiumPath: process.env.CHROMIUM_PATH || '/usr/bin/chromium' }).catch(async (error) => {
  await release();
  throw error;
});
for (const signal of ['SIGINT', 'SIGTERM'])
  process.once(
    signal,
    () =>
      void stack
        .close()
        .finally(release)
        .finally(() => process.exit(130)),
  );
const results = {};
try {
  await createDoc(stack.syncHttpUrl, 'bench-empty', 'Hello.');
  await createDoc(stack.syncHttpUrl, 'bench-100k', longMarkdown(DOC_CHARS));
  const docUrl = (name) => `${stack.appUrl}/d/${name}`;

  for (const [key, name, minChars, withOther] of [
    ['typingShortAlone', 'bench-empty', 6, false],
    ['typing100kAlone', 'bench-100k', DOC_CHARS * 0.9, false],
    ['typing100kWithOther', 'bench-100k', DOC_CHARS * 0.9, true],
  ]) {
    step(`typing ${keys} keys in ${name}${withOther ? ' while another person types' : ''}`);
    const run = await typingLatency(stack.browser, docUrl(name), { keys, minChars, withOther });
    results[key] = {
      total: summary(run.samples.map((s) => s.total)),
      wait: summary(run.samples.map((s) => s.wait)),
      frame: summary(run.samples.map((s) => s.frame)),
      slowKeys: run.slowKeys,
      keys: run.keys,
    };
  }
  for (const [name, minChars] of [
    ['bench-empty', 6],
    ['bench-100k', DOC_CHARS * 0.9],
  ]) {
    step(`navigation to editable: ${name}, ${runs} cold and ${runs} warm`);
    const { cold, warm } = await timeToEditable(stack.browser, docUrl(name), { runs, minChars });
    results[`editable:${name}`] = { cold: summary(cold), warm: summary(warm) };
  }
  results.pageJs = execFileSync(process.execPath, [fileURLToPath(new URL('./page-js-size.mjs', import.meta.url))], {
    encoding: 'utf8',
  }).trim();
} finally {
  await stack.close();
  await release();
}

const rows = [
  ["Keystroke to paint, short document, alone (the machine's floor)", results.typingShortAlone],
  ['Keystroke to paint, 100,000 characters, alone', results.typing100kAlone],
  ['Keystroke to paint, 100,000 characters, another person typing', results.typing100kWithOther],
].map(
  ([what, r]) =>
    `| ${what} | p50 ${ms(r.total.p50)}, **p95 ${ms(r.total.p95)}**, max ${ms(r.total.max)} (frame's own work p95 ${ms(r.frame.p95)}; ${r.slowKeys} of ${r.keys} keys ≥ 16 ms by Event Timing) |`,
);
for (const name of ['bench-empty', 'bench-100k']) {
  const r = results[`editable:${name}`];
  rows.push(
    `| Navigation to editable, ${name === 'bench-empty' ? 'short document' : '100,000 characters'} | cold p50 ${ms(r.cold.p50)}, **p95 ${ms(r.cold.p95)}**; warm p50 ${ms(r.warm.p50)}, p95 ${ms(r.warm.p95)} (${r.cold.n} runs each) |`,
  );
}
rows.push(`| JavaScript of the document page | ${results.pageJs} |`);
console.log(['| Measure | Result |', '|---|---|', ...rows].join('\n'));
console.log(
  `\nLoad average at the end: ${loadavg()
    .map((n) => n.toFixed(1))
    .join(', ')} on ${availableParallelism()} cores.`,
);
if (args.json !== undefined) writeFileSync(args.json, `${JSON.stringify(results, null, 2)}\n`);
