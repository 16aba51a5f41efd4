import { randomBytes } from 'node:crypto';
import { mkdirSync, statfsSync, unlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { encodeSyncUpdate } from '@tandem/protocol';
import { afterAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { mountTmpfs } from '../../packages/persistence/test/tmpfs.js';
import { connectRaw, type RawClient, spawnServerProcess, waitFor } from '../src/helpers/index.js';

/**
 * Issue #15 item 5 with the real server process: on a full disk `/api/docs` answered 500 (the list
 * needed a checkpoint first), and once LevelDB failed a table write `/readyz` stayed 503, joins
 * failed and SIGTERM exited 1 until a restart. Now the list answers throughout, and once space is
 * back everything works again in the same process, with nothing acknowledged lost. (Which LevelDB
 * write fails here depends on timing; `createLevelStore.fullDisk.test.ts` forces the table write
 * that makes LevelDB refuse for good, and the reopen that heals it.)
 */
const disk = mountTmpfs(24 * 1024 * 1024);
afterAll(() => disk?.unmount());

async function typeAcknowledged(client: RawClient, doc: Y.Doc, pieces: number, acked: number): Promise<number> {
  const text = doc.getText('text');
  for (let i = 0; i < pieces; i++) {
    const before = Y.encodeStateVector(doc);
    text.insert(text.length, randomBytes(15_000).toString('base64'));
    client.send(encodeSyncUpdate(Y.encodeStateAsUpdate(doc, before)));
  }
  const wanted = acked + pieces;
  await client.waitForMessage('ack', (message) => message.count >= wanted, 10_000);
  return wanted;
}

describe.skipIf(disk === null)('the server on a full disk', () => {
  it('recovers by itself once space is freed: readiness, joins, the list and SIGTERM work again', async () => {
    const mount = (disk as NonNullable<typeof disk>).dir;
    const dataDir = join(mount, 'data');
    mkdirSync(dataDir);
    const server = await spawnServerProcess({
      dataDir,
      args: ['--compact-after-updates', 'Infinity', '--compact-after-bytes', 'Infinity'],
    });
    const writer = await connectRaw(server.wsUrl, 'essay', { params: { ack: '1' } });
    writer.requestState();
    await writer.waitForMessage('syncStep2');
    const doc = new Y.Doc();
    // Most of a LevelDB memtable (1 MiB), stored and acknowledged while there is room.
    let acked = await typeAcknowledged(writer, doc, 45, 0);

    // The disk fills up: the next checkpoints fail (LevelDB's log, or its table, cannot be written).
    const filler = join(mount, 'filler');
    const { bavail, bsize } = statfsSync(mount);
    writeFileSync(filler, Buffer.alloc(bavail * bsize - 600 * 1024));
    acked = await typeAcknowledged(writer, doc, 8, acked);
    await waitFor(async () => (await fetch(`${server.httpUrl}/readyz`)).status === 503, { timeout: 10_000, message: '/readyz 503' });

    // While LevelDB cannot write, the list still answers (it used to need a checkpoint first: 500).
    const during = await fetch(`${server.httpUrl}/api/docs`);
    expect(during.status).toBe(200);
    expect(((await during.json()) as { docs: { name: string }[] }).docs.map((entry) => entry.name)).toEqual(['essay']);
    unlinkSync(filler);
    await waitFor(async () => (await fetch(`${server.httpUrl}/readyz`)).status === 200, { timeout: 20_000, message: '/readyz 200 again' });
    const list = await fetch(`${server.httpUrl}/api/docs`);
    expect(list.status).toBe(200);
    expect(((await list.json()) as { docs: { name: string }[] }).docs.map((entry) => entry.name)).toContain('essay');
    const reader = await connectRaw(server.wsUrl, 'essay');
    reader.requestState();
    const reply = await reader.waitForMessage('syncStep2');
    const loaded = new Y.Doc();
    for (const message of reader.received) {
      if (message.kind === 'syncUpdate' || message.kind === 'syncStep2') Y.applyUpdate(loaded, message.update);
    }
    expect(reply).toBeDefined();
    expect(loaded.getText('text').toString()).toBe(doc.getText('text').toString());
    expect(acked).toBe(53);
    writer.close();
    reader.close();
    server.kill('SIGTERM');
    expect((await server.waitForExit()).code).toBe(0);
  }, 60_000);
});
