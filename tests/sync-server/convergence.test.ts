import * as prng from 'lib0/prng';
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { encodeSyncStep1, encodeSyncUpdate } from '@tandem/protocol';
import { type Client, connectClient, connectRaw, loadStoredDoc, startServer, waitFor } from '../src/helpers/index.js';

const text = (client: Client) => client.doc.getText('text').toString();

/** The doc's content as one comparable string (every shared type the tests use, and the state vector). */
function snapshot(doc: Y.Doc): string {
  return JSON.stringify({
    text: doc.getText('text').toString(),
    map: Object.entries(doc.getMap('map').toJSON()).sort(([a], [b]) => (a < b ? -1 : 1)),
    xml: doc.getXmlFragment('default').toString(),
    sv: Array.from(Y.encodeStateVector(doc)),
  });
}

function sameContent(clients: Client[]): boolean {
  const expected = snapshot((clients[0] as Client).doc);
  return clients.every((client) => snapshot(client.doc) === expected);
}

describe('convergence', () => {
  it('two clients converge on concurrent edits', async () => {
    const { wsUrl } = await startServer();
    const a = connectClient(wsUrl, 'pair');
    const b = connectClient(wsUrl, 'pair');
    await Promise.all([a.synced(), b.synced()]);

    a.doc.getText('text').insert(0, 'hello ');
    b.doc.getText('text').insert(0, 'world ');
    a.doc.getXmlFragment('default').insert(0, [new Y.XmlText('para')]);
    a.doc.getMap('map').set('k', 1);

    await waitFor(() => sameContent([a, b]) && text(a).length === 12, { message: 'a and b to converge' });
    expect(text(b)).toContain('hello ');
    expect(text(b)).toContain('world ');
    expect(b.doc.getXmlFragment('default').toString()).toBe('para');
  });

  it('relays an update to the others but never echoes it to its sender', async () => {
    const { wsUrl } = await startServer();
    const sender = await connectRaw(wsUrl, 'echo');
    const other = await connectRaw(wsUrl, 'echo');
    const local = new Y.Doc();
    let update: Uint8Array = new Uint8Array();
    local.on('update', (u: Uint8Array) => {
      update = u;
    });
    local.getText('text').insert(0, 'once');
    sender.send(encodeSyncUpdate(update));
    const relayed = await other.waitForMessage('syncUpdate');
    expect(relayed.update).toEqual(update);
    // A step 1 -> step 2 round trip after the update: anything echoed would have arrived before it.
    sender.send(encodeSyncStep1(Y.encodeStateVector(local)));
    await sender.waitForMessage('syncStep2');
    expect(sender.received.filter((message) => message.kind === 'syncUpdate')).toEqual([]);
  });

  it('a late joiner gets the whole document', async () => {
    const { wsUrl } = await startServer();
    const writer = connectClient(wsUrl, 'late');
    await writer.synced();
    for (let i = 0; i < 50; i++) writer.doc.getText('text').insert(i, String(i % 10));
    writer.doc.getMap('meta').set('k', 'v');
    const expected = text(writer);

    const late = connectClient(wsUrl, 'late');
    await late.synced();
    await waitFor(() => text(late) === expected, { message: 'late joiner to receive all 50 edits' });
    expect(late.doc.getMap('meta').get('k')).toBe('v');
  });

  const seeds = process.env.TANDEM_FUZZ_SEED ? [Number(process.env.TANDEM_FUZZ_SEED)] : [1, 2, 3];
  it.each(seeds)('4 clients with random edits, disconnects and reconnects converge (seed %i)', async (seed) => {
    const { wsUrl, dataDir, stop } = await startServer();
    const gen = prng.create(seed);
    const clients = Array.from({ length: 4 }, () => connectClient(wsUrl, 'fuzz'));
    await Promise.all(clients.map((client) => client.synced()));

    for (let op = 0; op < 120; op++) {
      const client = prng.oneOf(gen, clients);
      const roll = prng.int32(gen, 0, 99);
      const ytext = client.doc.getText('text');
      if (roll < 60) {
        ytext.insert(prng.int32(gen, 0, ytext.length), `${prng.word(gen, 1, 4)} `);
      } else if (roll < 70 && ytext.length > 0) {
        const at = prng.int32(gen, 0, ytext.length - 1);
        ytext.delete(at, Math.min(prng.int32(gen, 1, 3), ytext.length - at));
      } else if (roll < 78) {
        client.doc.getMap('map').set(prng.word(gen, 1, 2), prng.int32(gen, 0, 1000));
      } else if (roll < 89) {
        client.provider.disconnect();
      } else {
        client.provider.connect();
      }
      // Let the network interleave with the edits (a random number of event-loop turns).
      for (let turn = prng.int32(gen, 0, 3); turn > 0; turn--) await new Promise((resolve) => setImmediate(resolve));
    }

    for (const client of clients) client.provider.connect();
    await waitFor(() => clients.every((client) => client.provider.synced) && sameContent(clients), {
      timeout: 15_000,
      message: `all 4 replicas identical (seed ${seed})`,
    });
    expect(text(clients[0] as Client).length).toBeGreaterThan(0);

    // The server stored exactly what the replicas converged to.
    const expected = snapshot((clients[0] as Client).doc);
    for (const client of clients) client.destroy();
    await stop();
    const stored = await loadStoredDoc(dataDir, 'fuzz');
    expect(stored).not.toBeNull();
    expect(snapshot(stored?.doc as Y.Doc)).toBe(expected);
  });
});
