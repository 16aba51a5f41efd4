#!/usr/bin/env node
// Measures the image sweep (issue 19, freeing images) against the built packages: not a test,
// numbers for the README. For LevelDB in a temp dir, and PostgreSQL when DATABASE_URL is set (a
// scratch database: a fresh schema is made and dropped): N documents of 20 stored batches each
// (~4 KiB of text, one image in every tenth), N/10 + 100 image files, then
//  1. a first sweep (every document read),
//  2. a sweep with nothing changed (this node read them all before),
//  3. a sweep after 1% of the documents got an edit,
// each with its duration and the event loop's delay meanwhile (monitorEventLoopDelay).
// Usage: npx turbo run build --filter=@tandem/sync-server... && node apps/sync-server/scripts/measureUploadSweep.mjs [docs=10000]
import { createHash } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { createLevelStore, createPostgresStore } from '@tandem/persistence';
import pg from 'pg';
import { Registry } from 'prom-client';
import * as Y from 'yjs';
import { createLogger } from '../dist/logger.js';
import { postgresSweepLock, processSweepLock } from '../dist/uploads/sweepLock.js';
import { uploadSweepMetrics } from '../dist/uploads/uploadSweepMetrics.js';
import { UploadSweeper } from '../dist/uploads/uploadSweeper.js';
import { UploadStore } from '../dist/uploads/uploadStore.js';

const docs = Number(process.argv[2] ?? 10_000);
const PNG_HEAD = Uint8Array.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

async function upload(uploads, seed) {
  const writer = await uploads.begin();
  await writer.write(Buffer.concat([PNG_HEAD, Buffer.from(`image ${seed}`.padEnd(2000, '.'))]));
  return (await writer.finish()).name;
}

/** One document's 20 batches: paragraphs typed in bursts, and an image when `image` is given. */
function batchesOf(index, image) {
  const doc = new Y.Doc();
  const batches = [];
  doc.on('update', (update) => batches.push([update]));
  const content = doc.getXmlFragment('default');
  for (let i = 0; i < 20; i++) {
    const paragraph = new Y.XmlElement('paragraph');
    paragraph.insert(0, [new Y.XmlText(`Document ${index}, paragraph ${i}: ${'lorem ipsum dolor sit amet '.repeat(7)}`)]);
    content.insert(content.length, [paragraph]);
    if (i === 10 && image !== null) {
      const element = new Y.XmlElement('image');
      element.setAttribute('src', `https://docs.example.com/sync/api/uploads/${image}`);
      content.insert(content.length, [element]);
    }
  }
  doc.destroy();
  return batches;
}

async function fill(store, uploads) {
  const images = [];
  for (let i = 0; i < docs / 10 + 100; i++) images.push(await upload(uploads, i));
  for (let start = 0; start < docs; start += 200) {
    await Promise.all(
      Array.from({ length: Math.min(200, docs - start) }, async (_, k) => {
        const index = start + k;
        const name = `team/doc-${String(index).padStart(6, '0')}`;
        for (const batch of batchesOf(index, index % 10 === 0 ? images[index / 10] : null)) await store.append(name, batch);
      }),
    );
  }
}

async function measured(sweeper) {
  const delay = monitorEventLoopDelay({ resolution: 10 });
  delay.enable();
  const report = await sweeper.sweep();
  delay.disable();
  if (report.outcome !== 'swept') throw new Error(`sweep ${report.outcome}: ${report.reason}`);
  const perThousand = (report.durationMs / report.docs) * 1000;
  return `${report.durationMs} ms (${perThousand.toFixed(0)} ms per 1,000 documents), ${report.docsRead} read, ${report.referenced} referenced, ${report.waiting} waiting; event loop delay p99 ${(delay.percentile(99) / 1e6).toFixed(1)} ms, max ${(delay.max / 1e6).toFixed(1)} ms`;
}

/** Fills a store, then sweeps it opened afresh (as a server that has been running a while: nothing left in its journal). */
async function run(label, open, lock, dir) {
  const uploads = new UploadStore(join(dir, 'uploads'), 10 * 1024 * 1024);
  const started = performance.now();
  const filling = await open();
  await fill(filling, uploads);
  await filling.close();
  console.log(`${label}: ${docs} documents stored in ${((performance.now() - started) / 1000).toFixed(1)} s`);
  const store = await open();
  const sweeper = new UploadSweeper({
    store,
    uploads,
    lock,
    logger: createLogger('silent'),
    metrics: uploadSweepMetrics(new Registry()),
    nodeId: 'measure',
    intervalMs: 0,
    graceMs: 60_000,
  });
  console.log(`  first sweep:         ${await measured(sweeper)}`);
  console.log(`  nothing changed:     ${await measured(sweeper)}`);
  for (let i = 0; i < docs; i += 100) {
    const doc = new Y.Doc();
    doc.getText('title').insert(0, 'edited');
    await store.append(`team/doc-${String(i).padStart(6, '0')}`, [Y.encodeStateAsUpdate(doc)]);
  }
  console.log(`  1% of them edited:   ${await measured(sweeper)}`);
  await sweeper.close();
  await store.close();
}

const dir = await mkdtemp(join(tmpdir(), 'tandem-measure-sweep-'));
try {
  await run('LevelDB', () => createLevelStore({ dir: join(dir, 'level') }), processSweepLock(), join(dir, 'level-files'));
  if (process.env.DATABASE_URL) {
    const connectionString = process.env.DATABASE_URL;
    const schema = `measure_${createHash('sha256').update(String(Date.now())).digest('hex').slice(0, 8)}`;
    try {
      await run(
        'PostgreSQL',
        () => createPostgresStore({ connectionString, schema }),
        postgresSweepLock({ connectionString, schema }),
        join(dir, 'pg-files'),
      );
    } finally {
      const client = new pg.Client({ connectionString: process.env.DATABASE_URL });
      await client.connect();
      await client.query(`DROP SCHEMA ${schema} CASCADE`);
      await client.end();
    }
  }
} finally {
  await rm(dir, { recursive: true, force: true });
}
