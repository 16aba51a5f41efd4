import { DocumentCodec, DocumentView } from '@tandem/document';
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { type Client, connectClient, loadStoredDoc, startServer, waitFor } from '../src/helpers/index.js';
import { apiClient, docPath, field } from './apiClient.js';

/**
 * A live write loses no typing. Two people type (real WebsocketProvider clients, a keystroke per
 * Yjs transaction, the network in between) while the API replaces blocks (PATCH, by id or by
 * position) and appends, round after round, the API's writes computed against a server that has
 * not yet seen the keystrokes in flight. Afterwards every keystroke typed outside the blocks the
 * API replaced is there, in order, and both clients, the server and the store hold the same
 * document. Seeded (TANDEM_SEED): the same operations every run; the network decides the
 * interleaving.
 */
const SEED = Number(process.env.TANDEM_SEED ?? 20_170);
const ROUNDS = 300;
const codec = new DocumentCodec();

function mulberry32(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

type Owner = 'alice' | 'bob' | 'api';
interface Block {
  owner: Owner;
  id: string;
  /** What the block must hold at the end (for client blocks; for API blocks unless a client typed in them). */
  expected: string;
  /** A client typed into this API block: its text is not checked (the API may replace it). */
  touched: boolean;
}

const plain = (text: Y.XmlText) =>
  text
    .toDelta()
    .map((op: { insert: string }) => op.insert)
    .join('');
const markdown = (doc: Y.Doc) => new DocumentView(doc, codec).markdown();
const nextTick = () => new Promise<void>((resolve) => setImmediate(resolve));

/** The text of the block with `id` in `doc` (its first child). */
function textOf(doc: Y.Doc, id: string): Y.XmlText {
  const block = new DocumentView(doc, codec).blocks().find((candidate) => candidate.id === id);
  if (block === undefined) throw new Error(`seed ${SEED}: block ${id} is gone`);
  return block.element.get(0) as Y.XmlText;
}

describe('a live write loses no typing', () => {
  it(`${ROUNDS} rounds of two people typing while the API replaces blocks and appends (seed ${SEED})`, async () => {
    const random = mulberry32(SEED);
    const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)] as T;
    const { wsUrl, httpUrl, dataDir, stop } = await startServer({ config: { maxMessagesPerSecond: 100_000, messageBurst: 100_000 } });
    const call = apiClient(httpUrl);
    const initial = Array.from({ length: 6 }, (_, i) => [`Alice ${i}`, `Bob ${i}`, `API ${i}`]).flat();
    expect((await call('POST', '/api/docs', { body: { name: 'typing', format: 'markdown', content: initial.join('\n\n') } })).status).toBe(
      201,
    );
    const ids = (await call('GET', docPath('typing'))).json?.blocks as string[];
    const blocks: Block[] = initial.map((text, i) => ({
      owner: text.startsWith('Alice') ? 'alice' : text.startsWith('Bob') ? 'bob' : 'api',
      id: ids[i] as string,
      expected: text,
      touched: false,
    }));

    const clients: Record<'alice' | 'bob', Client> = { alice: connectClient(wsUrl, 'typing'), bob: connectClient(wsUrl, 'typing') };
    await Promise.all(Object.values(clients).map((client) => client.synced()));
    let keystrokes = 0;

    /** One keystroke by `who`: mostly in one of their own blocks, sometimes in a block the API owns. */
    const type = (who: 'alice' | 'bob') => {
      const intoApiBlock = random() < 0.1;
      const block = pick(blocks.filter((candidate) => (intoApiBlock ? candidate.owner === 'api' : candidate.owner === who)));
      const text = textOf(clients[who].doc, block.id);
      const length = text.length;
      if (random() < 0.15 && length > 0) {
        const at = Math.floor(random() * length);
        text.delete(at, 1);
        if (!intoApiBlock) block.expected = block.expected.slice(0, at) + block.expected.slice(at + 1);
      } else {
        const at = Math.floor(random() * (length + 1));
        const char = pick([...'abcdefghijklmnopqrstuvwxyz ']);
        text.insert(at, char);
        if (!intoApiBlock) block.expected = block.expected.slice(0, at) + char + block.expected.slice(at);
      }
      if (intoApiBlock) block.touched = true;
      keystrokes++;
    };

    /** One API write: replace an API block (by id or by position, with a paragraph or a heading), or append one. */
    const write = async (round: number) => {
      if (random() < 0.3) {
        const text = `Appended ${round}`;
        const response = await call('POST', docPath('typing', '/append'), { body: { format: 'markdown', content: text } });
        expect(response.status, `seed ${SEED} round ${round}: ${response.text}`).toBe(200);
        blocks.push({ owner: 'api', id: field<string[]>(response, 'blocks')[0] as string, expected: text, touched: false });
        return;
      }
      const target = pick(blocks.filter((block) => block.owner === 'api'));
      const heading = random() < 0.3;
      const text = `Replaced in round ${round}`;
      const byId = random() < 0.5;
      const response = await call('PATCH', docPath('typing'), {
        body: { block: byId ? target.id : blocks.indexOf(target), format: 'markdown', content: heading ? `## ${text}` : text },
      });
      expect(response.status, `seed ${SEED} round ${round}: ${response.text}`).toBe(200);
      // A heading replaces the paragraph's element (a new id); a paragraph is updated in place.
      target.id = field<string[]>(response, 'blocks')[0] as string;
      target.expected = text;
      target.touched = false;
    };

    for (let round = 0; round < ROUNDS; round++) {
      const writing = write(round);
      for (let i = 0; i < 1 + Math.floor(random() * 4); i++) {
        type('alice');
        type('bob');
        await nextTick();
      }
      await writing;
    }

    // Everyone converges: both clients, the server's document, and the store after a restart.
    const server = async () => {
      const bytes = await fetch(`${httpUrl}${docPath('typing', '?format=yjs')}`).then((response) => response.arrayBuffer());
      const doc = new Y.Doc();
      Y.applyUpdate(doc, new Uint8Array(bytes));
      return doc;
    };
    const sameAs = (a: Y.Doc, b: Y.Doc) =>
      Buffer.from(Y.encodeStateVector(a)).equals(Buffer.from(Y.encodeStateVector(b))) && markdown(a) === markdown(b);
    await waitFor(async () => sameAs(clients.alice.doc, clients.bob.doc) && sameAs(clients.alice.doc, await server()), {
      timeout: 20_000,
      message: `seed ${SEED}: replicas converge`,
    });

    for (const block of blocks) {
      if (block.owner === 'api' && block.touched) continue;
      expect(plain(textOf(clients.alice.doc, block.id)), `seed ${SEED}: ${block.owner}'s block ${block.id}`).toBe(block.expected);
    }
    expect(keystrokes).toBeGreaterThan(ROUNDS * 2);
    expect(blocks.filter((block) => block.owner !== 'api').length).toBe(12);

    const final = markdown(clients.alice.doc);
    for (const client of Object.values(clients)) client.destroy();
    await stop();
    const stored = await loadStoredDoc(dataDir, 'typing');
    expect(stored === null ? null : markdown(stored.doc)).toBe(final);
  }, 120_000);
});
