import { createLevelStore } from '@tandem/persistence';
import { CloseCode } from '@tandem/protocol';
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { connectRaw, makeTempDir, metricSample, type RawClient, scrapeMetrics, startServer } from '../src/helpers/index.js';
import { sealValue, updateKey, withStoredRecords } from '../src/helpers/rawStoredRecords.js';

/**
 * Issue #15 item 9: a corrupt stored record on a first join used to close with 4510 "internal
 * error" (Yjs threw while the room merged the stored updates for the joiner), and a corrupt base
 * record went to the client as it was. It is a store error: 4503, counted, and the client gets
 * nothing of the doc.
 */
async function seed(dataDir: string, docs: Record<string, string[]>): Promise<void> {
  const store = await createLevelStore({ dir: dataDir, compactAfterUpdates: Number.POSITIVE_INFINITY });
  for (const [name, pieces] of Object.entries(docs)) {
    const doc = new Y.Doc();
    for (const piece of pieces) {
      const before = Y.encodeStateVector(doc);
      doc.getText('text').insert(doc.getText('text').length, piece);
      await store.append(name, [Y.encodeStateAsUpdate(doc, before)]);
    }
  }
  await store.close();
}

function docBytesReceived(client: RawClient): number {
  return client.received.filter((message) => message.kind === 'syncStep2' || message.kind === 'syncUpdate').length;
}

async function expectStoreErrorOnJoin(dataDir: string): Promise<void> {
  const { wsUrl, httpUrl } = await startServer({ dataDir });
  const before = metricSample(await scrapeMetrics(httpUrl), 'tandem_errors_total', { kind: 'store_load' }) ?? 0;
  const client = await connectRaw(wsUrl, 'broken');
  client.requestState();
  expect((await client.waitForClose()).code).toBe(CloseCode.StorageUnavailable.code);
  expect(docBytesReceived(client)).toBe(0);
  expect(metricSample(await scrapeMetrics(httpUrl), 'tandem_errors_total', { kind: 'store_load' })).toBeGreaterThan(before);

  // The other doc is served as stored.
  const healthy = await connectRaw(wsUrl, 'healthy');
  healthy.requestState();
  await healthy.waitForMessage('syncStep2');
  healthy.close();
}

describe('a corrupt stored record on the first join', () => {
  it('a flipped bit in the base record: 4503, nothing of the doc sent, counted', async () => {
    const dataDir = await makeTempDir('tandem-corrupt-');
    await seed(dataDir, { broken: ['one ', 'two ', 'three'], healthy: ['fine'] });
    await withStoredRecords(dataDir, async (db) => {
      const key = updateKey('broken', 0);
      const value = Uint8Array.from((await db.get(key)) as Uint8Array);
      value[value.length - 2] = (value[value.length - 2] as number) ^ 2;
      await db.put(key, value);
    });
    await expectStoreErrorOnJoin(dataDir);
  });

  it('a record that is no Yjs update among the newer ones (its checksum valid): 4503, nothing sent, counted', async () => {
    const dataDir = await makeTempDir('tandem-corrupt-');
    await seed(dataDir, { broken: ['one ', 'two ', 'three'], healthy: ['fine'] });
    await withStoredRecords(dataDir, (db) =>
      db.put(updateKey('broken', 1), sealValue(updateKey('broken', 1), Uint8Array.of(9, 9, 9, 9, 9))),
    );
    await expectStoreErrorOnJoin(dataDir);
  });
});
