import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { apiClient, docPath, field } from '../documents-api/apiClient.js';
import { type Client, connectClient, makeTempDir, seededRandom, type StartedServer, startServer, waitFor } from '../src/helpers/index.js';
import { paragraphs } from './paragraphs.js';

// Seeded: random edits by three clients, a version after every round; set TANDEM_HISTORY_SEED to replay a run.
const seed = Number(process.env.TANDEM_HISTORY_SEED ?? Date.now() % 100_000);
const NAME = 'random-history';

/** One random edit of `doc`'s paragraphs. */
function randomEdit(doc: Y.Doc, random: () => number): void {
  const text = paragraphs(doc);
  const pick = (n: number) => Math.floor(random() * n);
  const roll = random();
  if (text.length === 0 || roll < 0.15) {
    text.add(`p${pick(1000)} `, pick(text.length + 1));
    return;
  }
  const index = pick(text.length);
  const length = text.texts()[index]?.length ?? 0;
  if (roll < 0.6) text.insert(index, pick(length + 1), 'abcdefghij'.slice(0, 1 + pick(6)));
  else if (roll < 0.9 && length > 0) {
    const at = pick(length);
    text.erase(index, at, 1 + pick(Math.min(4, length - at)));
  } else if (text.length > 1) text.remove(index);
}

const texts = (doc: Y.Doc) => paragraphs(doc).texts().join('\n');

describe(`version states (seed ${seed})`, () => {
  it('every version read back is what the clients had when it was taken, through compactions and restarts', {
    timeout: 90_000,
  }, async () => {
    const random = seededRandom(seed);
    const dataDir = await makeTempDir('tandem-history-');
    const serverOptions = { dataDir, storeOptions: { compactAfterUpdates: 25 }, config: { versionPauseMs: 0 } };
    let server: StartedServer = await startServer(serverOptions);
    const port = server.port;
    const call = () => apiClient(server.httpUrl);
    const clients: Client[] = [0, 1, 2].map(() => connectClient(server.wsUrl, NAME));
    await Promise.all(clients.map((client) => client.synced()));
    const versions: { seq: number; text: string }[] = [];
    const converged = async () => {
      await waitFor(() => clients.every((client) => texts(client.doc) === texts((clients[0] as Client).doc)), {
        message: 'the clients converge',
        timeout: 10_000,
      });
      // Relayed implies stored: once every client has every other's edits, the store holds them all.
      const expected = texts((clients[0] as Client).doc);
      return expected;
    };

    for (let round = 0; round < 24; round++) {
      const edits = 3 + Math.floor(random() * 12);
      for (let i = 0; i < edits; i++) randomEdit((clients[Math.floor(random() * clients.length)] as Client).doc, random);
      const text = await converged();
      const made = await call()('POST', docPath(NAME, '/versions'), { body: { name: `round ${round}` } });
      expect(made.status, made.text).toBe(201);
      versions.push({ seq: field<{ seq: number }>(made, 'version').seq, text });
      if (round === 8 || round === 16) {
        // A restart on the same data: the clients reconnect by themselves.
        await server.stop();
        server = await startServer({ ...serverOptions, config: { ...serverOptions.config, port } });
        await Promise.all(clients.map((client) => client.synced(10_000)));
      }
    }

    const readBack = async () => {
      for (const version of versions) {
        const response = await fetch(`${server.httpUrl}${docPath(NAME, `/versions/${version.seq}?format=yjs`)}`);
        expect(response.status).toBe(200);
        const doc = new Y.Doc();
        Y.applyUpdate(doc, new Uint8Array(await response.arrayBuffer()));
        expect(texts(doc), `version ${version.seq}`).toBe(version.text);
      }
    };
    await readBack();
    // Compaction ran (fewer records than updates ever stored), and left one record per span at least.
    const meta = await server.store.getMeta(NAME);
    expect(meta?.updateCount).toBeLessThan(meta?.totalUpdates as number);
    await server.stop();
    server = await startServer({ ...serverOptions, config: { ...serverOptions.config, port } });
    await readBack();
  });
});
