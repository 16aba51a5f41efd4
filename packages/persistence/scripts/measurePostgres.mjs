// Rough numbers for the README's PostgreSQL section: append latency under a steady load, group
// commit sizes, cold loads. Not a test. Needs a PostgreSQL (TANDEM_TEST_POSTGRES_URL, default the
// machine's 127.0.0.1:5432 as postgres); it works in a database of its own, dropped at the end.
// Run after building: `npx tsc -p tsconfig.build.json && node scripts/measurePostgres.mjs [latency|load]`.
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import * as Y from 'yjs';
import { createRecordingDoc } from '../dist/contract/recordingDoc.js';
import { createPostgresStore } from '../dist/index.js';

const adminUrl = process.env.TANDEM_TEST_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const database = `tandem_measure_${randomBytes(4).toString('hex')}`;
const url = Object.assign(new URL(adminUrl), { pathname: `/${database}` }).toString();

async function admin(sql) {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    return await client.query(sql);
  } finally {
    await client.end();
  }
}

const percentile = (sorted, p) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
const summary = (values) => {
  const sorted = [...values].sort((a, b) => a - b);
  return `p50 ${percentile(sorted, 50).toFixed(2)} ms, p99 ${percentile(sorted, 99).toFixed(2)} ms, max ${sorted.at(-1).toFixed(2)} ms`;
};

/** One update per keystroke, like a user typing across 20 paragraphs with some deletes. */
function typingUpdates(count, clientID = 1) {
  const source = createRecordingDoc(clientID);
  for (let i = 0; source.updates.length < count; i += 1) {
    if (i % 10 === 9) source.erase(0, 1, (i - 1) % 20);
    else source.type(String.fromCharCode(97 + (i % 26)), i % 20);
  }
  return source.updates.slice(0, count);
}

/**
 * Open loop: every 5 ms, 5 single-update appends to 5 of `docs` documents (1,000 updates/s), for
 * `seconds`; latency from the call to the resolve (durable: COMMIT returned).
 */
async function steadyLoad(docs, seconds) {
  const commits = [];
  const store = await createPostgresStore({
    connectionString: url,
    schema: `m_${randomBytes(3).toString('hex')}`,
    onCommit: (event) => commits.push(event),
  });
  const streams = Array.from({ length: docs }, (_, i) => typingUpdates(Math.ceil((1000 * seconds) / docs) + 10, i + 1));
  const latencies = [];
  const pending = [];
  let tick = 0;
  const started = performance.now();
  await new Promise((resolve) => {
    const timer = setInterval(() => {
      for (let k = 0; k < 5; k += 1) {
        const n = tick * 5 + k;
        const doc = n % docs;
        const update = streams[doc][Math.floor(n / docs)];
        const t0 = performance.now();
        pending.push(store.append(`doc-${doc}`, [update]).then(() => latencies.push(performance.now() - t0)));
      }
      tick += 1;
      if (performance.now() - started >= seconds * 1000) {
        clearInterval(timer);
        resolve();
      }
    }, 5);
  });
  await Promise.all(pending);
  const elapsed = (performance.now() - started) / 1000;
  await store.close();
  const batches = commits.map((commit) => commit.batches);
  console.log(
    `steady load, ${docs} docs, ${Math.round(latencies.length / elapsed)} updates/s for ${elapsed.toFixed(1)} s: append ${summary(latencies)}; ` +
      `${commits.length} commits, ${(latencies.length / commits.length).toFixed(1)} batches per commit (max ${Math.max(...batches)}), commit ${summary(commits.map((commit) => commit.durationMs))}`,
  );
}

/** A 2.3 MiB doc (4,000 paragraphs) plus 499 small edits, as the LevelDB measurement uses. */
function largeDocUpdates() {
  const big = new Y.Doc();
  const fragment = big.getXmlFragment('default');
  for (let i = 0; i < 4000; i += 1) {
    const paragraph = new Y.XmlElement('paragraph');
    paragraph.insert(0, [new Y.XmlText(`Paragraph ${i}: ${'lorem ipsum dolor sit amet '.repeat(20)}`)]);
    fragment.insert(fragment.length, [paragraph]);
  }
  const updates = [Y.encodeStateAsUpdate(big)];
  big.on('update', (update) => updates.push(update));
  for (let i = 0; i < 499; i += 1)
    fragment
      .get(i * 8)
      .get(0)
      .insert(0, 'k');
  return updates;
}

async function coldLoads() {
  const cases = [
    ['10,000 typing updates, default compaction', typingUpdates(10_000), {}],
    [
      '10,000 typing updates, compaction off',
      typingUpdates(10_000),
      { compactAfterUpdates: Number.POSITIVE_INFINITY, compactAfterBytes: Number.POSITIVE_INFINITY },
    ],
    [
      'a 2.3 MiB doc + 499 edits, compaction off',
      largeDocUpdates(),
      { compactAfterUpdates: Number.POSITIVE_INFINITY, compactAfterBytes: Number.POSITIVE_INFINITY },
    ],
    ['a 2.3 MiB doc + 499 edits, default compaction', largeDocUpdates(), {}],
  ];
  for (const [label, updates, options] of cases) {
    const schema = `m_${randomBytes(3).toString('hex')}`;
    let store = await createPostgresStore({ connectionString: url, schema, ...options });
    const t0 = performance.now();
    for (const update of updates) await store.append('doc', [update]);
    const appendMs = performance.now() - t0;
    await store.close();
    store = await createPostgresStore({ connectionString: url, schema, ...options });
    const meta = await store.getMeta('doc');
    const t1 = performance.now();
    const parts = await store.loadUpdates('doc');
    const loadUpdatesMs = performance.now() - t1;
    await store.close(); // lets a compaction started by the load finish before the next store
    store = await createPostgresStore({ connectionString: url, schema, ...options });
    const t2 = performance.now();
    const loaded = await store.load('doc');
    const loadMs = performance.now() - t2;
    await store.close();
    console.log(
      `${label}: ${updates.length} sequential appends ${(appendMs / 1000).toFixed(1)} s (${Math.round(updates.length / (appendMs / 1000))}/s); ` +
        `cold loadUpdates ${loadUpdatesMs.toFixed(0)} ms (${meta.updateCount} stored updates, ${meta.bytes} bytes, ${parts.updates.length} returned), cold load (merged) ${loadMs.toFixed(0)} ms (${loaded.update.length} bytes)`,
    );
  }
}

await admin(`CREATE DATABASE ${database}`);
try {
  const sections = { latency: () => steadyLoad(20, 10).then(() => steadyLoad(200, 10)), load: coldLoads };
  const chosen = process.argv.slice(2).length > 0 ? process.argv.slice(2) : Object.keys(sections);
  const [{ server_version: version }] = (await admin('SHOW server_version')).rows;
  const [{ synchronous_commit: syncCommit }] = (await admin('SHOW synchronous_commit')).rows;
  console.log(
    `node ${process.version}, PostgreSQL ${version} (synchronous_commit ${syncCommit}), ${new Date().toISOString()}, sections: ${chosen.join(', ')}`,
  );
  for (const name of chosen) {
    if (!(name in sections)) throw new Error(`unknown section ${name}; known: ${Object.keys(sections).join(', ')}`);
    await sections[name]();
  }
} finally {
  await admin(`DROP DATABASE IF EXISTS ${database} WITH (FORCE)`);
}
