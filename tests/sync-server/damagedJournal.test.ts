import { cpSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createLevelStore } from '@tandem/persistence';
import { CloseCode } from '@tandem/protocol';
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { connectRaw, makeTempDir, spawnServerProcess } from '../src/helpers/index.js';

/**
 * Issue #15 items 6 and 8, with the real server process: a damaged record in the journal a crash
 * left used to stop the whole server (replay threw) or silently drop every later record of the
 * file. Now the server starts, every other doc loads, and the damaged doc closes with 4503 and is
 * named in the log.
 */
const texts = { 'good-1': 'written first', 'damaged-doc': 'DAMAGED-TEXT-HERE', 'good-2': 'written after the damaged one' };

/** A data dir as a SIGKILL leaves it: the appends only in the journal (copied while the store is open). */
async function crashedDataDir(): Promise<string> {
  const live = await makeTempDir('tandem-live-');
  const store = await createLevelStore({ dir: live, checkpointIntervalMs: 3_600_000 });
  for (const [name, text] of Object.entries(texts)) {
    const doc = new Y.Doc();
    doc.getText('text').insert(0, text);
    await store.append(name, [Y.encodeStateAsUpdate(doc)]);
  }
  const copy = await makeTempDir('tandem-crashed-');
  cpSync(live, copy, { recursive: true });
  await store.close();
  return copy;
}

async function textOf(wsUrl: string, name: string): Promise<string> {
  const client = await connectRaw(wsUrl, name);
  client.requestState();
  const reply = await client.waitForMessage('syncStep2');
  client.close();
  const doc = new Y.Doc();
  Y.applyUpdate(doc, (reply as { update: Uint8Array }).update);
  return doc.getText('text').toString();
}

describe('a damaged journal at start', () => {
  it('the server starts; the other docs load; the damaged doc closes with 4503 and is named in the log', async () => {
    const dataDir = await crashedDataDir();
    const [journal] = readdirSync(dataDir).filter((name) => name.endsWith('.tj'));
    const path = join(dataDir, journal as string);
    const bytes = readFileSync(path);
    const at = bytes.indexOf('DAMAGED-TEXT-HERE');
    expect(at).toBeGreaterThan(0);
    bytes[at + 3] = (bytes[at + 3] as number) ^ 0x01;
    writeFileSync(path, bytes);

    const server = await spawnServerProcess({ dataDir });
    expect((await fetch(`${server.httpUrl}/healthz`)).status).toBe(200);
    expect(await textOf(server.wsUrl, 'good-1')).toBe(texts['good-1']);
    expect(await textOf(server.wsUrl, 'good-2')).toBe(texts['good-2']);

    const damaged = await connectRaw(server.wsUrl, 'damaged-doc');
    damaged.requestState();
    expect((await damaged.waitForClose()).code).toBe(CloseCode.StorageUnavailable.code);
    expect(damaged.received.filter((message) => message.kind === 'syncStep2' || message.kind === 'syncUpdate')).toEqual([]);
    const named = server.logs.filter((line) => line.doc === 'damaged-doc' && line.level === 50);
    expect(named.some((line) => /journal replay/.test(JSON.stringify(line)))).toBe(true);
    expect(named.some((line) => /damaged/.test(JSON.stringify(line)) && /loading the document failed/.test(String(line.msg)))).toBe(true);
    expect(readdirSync(join(dataDir, 'damaged-journal'))).toHaveLength(1);
    server.kill('SIGTERM');
    expect((await server.waitForExit()).code).toBe(0);
  });
});
