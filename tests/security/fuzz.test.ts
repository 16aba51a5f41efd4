import {
  encodeAck,
  encodeAuthPermissionDenied,
  encodeAwareness,
  encodeQueryAwareness,
  encodeSyncStep1,
  encodeSyncStep2,
  encodeSyncUpdate,
} from '@tandem/protocol';
import { signToken } from '@tandem/sync-server';
import fc from 'fast-check';
import * as encoding from 'lib0/encoding';
import * as awarenessProtocol from 'y-protocols/awareness';
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { type Client, connectClient, connectRaw, containsAll, type RawClient, startServer, waitFor } from '../src/helpers/index.js';

const SECRET = 'fuzz-test-secret-that-is-long-enough-for-hs256';
const SEED = 20_261_122;
const RUNS = 1500; // per property: 3,000 frames in all

/** Well-formed frames of every kind, built from real Yjs edits: the material the mutations start from. */
function validFrames(): Uint8Array[] {
  const doc = new Y.Doc();
  const updates: Uint8Array[] = [];
  doc.on('update', (update: Uint8Array) => updates.push(update));
  doc.getText('text').insert(0, 'hello fuzz');
  doc.getText('text').format(0, 5, { bold: true });
  doc.getText('text').delete(2, 3);
  doc.getMap('meta').set('k', { nested: [1, 2, 3] });
  doc.getXmlFragment('default').insert(0, [new Y.XmlElement('paragraph')]);
  doc.getArray('list').insert(0, [1, 'two', new Uint8Array([3])]);
  const awareness = new awarenessProtocol.Awareness(new Y.Doc());
  awareness.setLocalState({ user: { name: 'Fuzzy', color: '#123456' }, cursor: null });
  const awarenessUpdate = awarenessProtocol.encodeAwarenessUpdate(awareness, [awareness.clientID]);
  return [
    ...updates.map(encodeSyncUpdate),
    ...updates.map(encodeSyncStep2),
    encodeSyncStep2(Y.encodeStateAsUpdate(doc)),
    encodeSyncStep1(Y.encodeStateVector(doc)),
    encodeSyncStep1(Y.encodeStateVector(new Y.Doc())),
    encodeAwareness(awarenessUpdate),
    encodeQueryAwareness(),
    encodeAuthPermissionDenied('fuzz'),
    encodeAck(7),
  ];
}

type Mutation =
  | { op: 'flip'; at: number; bit: number }
  | { op: 'truncate'; at: number }
  | { op: 'insert'; at: number; bytes: Uint8Array }
  | { op: 'set'; at: number; value: number }
  | { op: 'append'; bytes: Uint8Array };

function mutate(frame: Uint8Array, mutations: Mutation[]): Uint8Array {
  let bytes = frame;
  for (const m of mutations) {
    const at = bytes.length === 0 ? 0 : 'at' in m ? m.at % bytes.length : 0;
    if (m.op === 'flip') bytes = bytes.map((b, i) => (i === at ? b ^ (1 << m.bit) : b));
    else if (m.op === 'truncate') bytes = bytes.slice(0, at);
    else if (m.op === 'insert') bytes = new Uint8Array([...bytes.slice(0, at), ...m.bytes, ...bytes.slice(at)]);
    else if (m.op === 'set') bytes = bytes.map((b, i) => (i === at ? m.value : b));
    else bytes = new Uint8Array([...bytes, ...m.bytes]);
  }
  return bytes;
}

const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  fc.record({ op: fc.constant('flip' as const), at: fc.nat(), bit: fc.integer({ min: 0, max: 7 }) }),
  fc.record({ op: fc.constant('truncate' as const), at: fc.nat() }),
  fc.record({ op: fc.constant('insert' as const), at: fc.nat(), bytes: fc.uint8Array({ minLength: 1, maxLength: 8 }) }),
  fc.record({ op: fc.constant('set' as const), at: fc.nat(), value: fc.constantFrom(0, 1, 0x7f, 0x80, 0xff) }),
  fc.record({ op: fc.constant('append' as const), bytes: fc.uint8Array({ minLength: 1, maxLength: 16 }) }),
);

/** Random frames, frames of a random type with a random payload, and mutated real frames. */
function frameArbitrary(pool: Uint8Array[]): fc.Arbitrary<Uint8Array> {
  const varUint = fc.oneof(fc.integer({ min: 0, max: 4 }), fc.constant(100), fc.integer({ min: 0, max: 2 ** 31 }));
  const payload = fc.uint8Array({ maxLength: 256 });
  const typed = fc.tuple(varUint, varUint, payload).map(([type, subtype, rest]) =>
    encoding.encode((e) => {
      encoding.writeVarUint(e, type);
      encoding.writeVarUint(e, subtype);
      encoding.writeVarUint8Array(e, rest);
    }),
  );
  const mutated = fc
    .tuple(fc.constantFrom(...pool), fc.array(mutation, { minLength: 1, maxLength: 4 }))
    .map(([frame, ms]) => mutate(frame, ms));
  const awarenessJunk = fc
    .tuple(fc.integer({ min: 0, max: 2 ** 32 }), fc.nat(), fc.oneof(fc.json(), fc.string()))
    .map(([id, clock, state]) =>
      encodeAwareness(
        encoding.encode((e) => {
          encoding.writeVarUint(e, 1);
          encoding.writeVarUint(e, id);
          encoding.writeVarUint(e, clock);
          encoding.writeVarString(e, state);
        }),
      ),
    );
  return fc.oneof(
    { arbitrary: fc.uint8Array({ maxLength: 128 }), weight: 2 },
    { arbitrary: typed, weight: 2 },
    { arbitrary: mutated, weight: 5 },
    { arbitrary: awarenessJunk, weight: 1 },
    { arbitrary: fc.constantFrom(...pool), weight: 1 },
  );
}

/**
 * Sends each generated frame on a live connection followed by a sync step 1 as a barrier (frames
 * of one connection are handled in order), and waits for the barrier's answer or for the close the
 * frame caused; a closed connection is replaced by a new one.
 */
async function fuzz(
  wsUrl: string,
  docName: string,
  params: Record<string, string>,
  frames: fc.Arbitrary<Uint8Array>,
  seed: number,
): Promise<{ closes: number; answered: number }> {
  let client: RawClient | null = null;
  const stats = { closes: 0, answered: 0 };
  await fc.assert(
    fc.asyncProperty(frames, async (frame) => {
      if (client === null || client.closeEvent !== null) {
        if (client !== null) stats.closes++;
        client = await connectRaw(wsUrl, docName, { params });
      }
      const current = client;
      const answersBefore = current.received.filter((m) => m.kind === 'syncStep2').length;
      current.send(frame);
      current.send(encodeSyncStep1(new Uint8Array([0])));
      await waitFor(() => current.closeEvent !== null || current.received.filter((m) => m.kind === 'syncStep2').length > answersBefore, {
        timeout: 5000,
        interval: 1,
        message: 'the server answers or closes',
      });
      if (current.closeEvent === null) stats.answered++;
      else expect([4400, 1002, 1009]).toContain(current.closeEvent.code);
      current.received.length = 0;
    }),
    { seed, numRuns: RUNS, endOnFailure: true },
  );
  return stats;
}

async function seededDoc(wsUrl: string, name: string, params: Record<string, string>): Promise<Client> {
  const client = connectClient(wsUrl, name, { params, awareness: { user: { name: 'Guardian' } } });
  await client.synced();
  client.doc.getText('text').insert(0, 'The original text, which must survive.');
  client.doc.getMap('meta').set('version', 1);
  return client;
}

describe('fuzzing a live server with random and mutated frames (fast-check, seeded)', () => {
  it('a read-only connection changes nothing whatever it sends; a writer’s garbage stays in its own room; the server stays up', {
    timeout: 60_000,
  }, async () => {
    const started = await startServer({
      config: {
        authSecret: SECRET,
        maxMessagesPerSecond: 1_000_000,
        messageBurst: 1_000_000,
        maxConnectionsPerIp: 10_000,
        maxHttpSocketsPerIp: 10_000,
      },
    });
    const { wsUrl, httpUrl, store } = started;
    const writer = { token: await signToken({ secret: SECRET, sub: 'writer', docs: { '*': 'write' }, expiresIn: '10m' }) };
    const viewer = { token: await signToken({ secret: SECRET, sub: 'viewer', docs: { '*': 'read' }, expiresIn: '10m' }) };

    const guardian = await seededDoc(wsUrl, 'guarded', writer);
    await waitFor(async () => (await store.getMeta('guarded')) !== null, { message: 'the guarded doc is stored' });
    const original = Y.encodeStateAsUpdate(guardian.doc);
    const originalVector = Y.encodeStateVector(guardian.doc);
    const scratchObserver = connectClient(wsUrl, 'scratch', { params: writer });
    await scratchObserver.synced();

    const pool = validFrames();
    const started1 = performance.now();
    const readOnly = await fuzz(wsUrl, 'guarded', viewer, frameArbitrary(pool), SEED);
    const writing = await fuzz(wsUrl, 'scratch', writer, frameArbitrary(pool), SEED + 1);
    const seconds = (performance.now() - started1) / 1000;
    // Both kinds of outcome happened: the fuzzer got past the decoder and also tripped it.
    expect(readOnly.answered).toBeGreaterThan(100);
    expect(readOnly.closes + writing.closes).toBeGreaterThan(100);

    // The server is up and the guarded doc is exactly what it was, for clients and in storage.
    expect((await fetch(`${httpUrl}/healthz`)).status).toBe(200);
    expect(guardian.provider.wsconnected).toBe(true);
    expect(Y.encodeStateVector(guardian.doc)).toEqual(originalVector);
    const fresh = connectClient(wsUrl, 'guarded', { params: viewer });
    await fresh.synced();
    expect(fresh.doc.getText('text').toString()).toBe('The original text, which must survive.');
    expect(Y.encodeStateVector(fresh.doc)).toEqual(originalVector);
    const stored = await store.load('guarded');
    const storedDoc = new Y.Doc();
    Y.applyUpdate(storedDoc, stored?.update as Uint8Array);
    const originalDoc = new Y.Doc();
    Y.applyUpdate(originalDoc, original);
    expect(containsAll(storedDoc, originalDoc) && containsAll(originalDoc, storedDoc)).toBe(true);

    // A normal client still syncs, in both rooms; the scratch room converged for everyone.
    guardian.doc.getText('text').insert(0, '>> ');
    await waitFor(() => fresh.doc.getText('text').toString().startsWith('>> The original'), { message: 'live sync after the fuzz' });
    const late = connectClient(wsUrl, 'scratch', { params: writer });
    await late.synced();
    await waitFor(() => containsAll(late.doc, scratchObserver.doc) && containsAll(scratchObserver.doc, late.doc), {
      message: 'the scratch room converged',
    });
    // Some of the writer's mutated frames were still valid edits: the fuzz reached the apply path.
    expect(scratchObserver.doc.store.clients.size).toBeGreaterThan(0);
    console.info(
      `fuzz: ${RUNS * 2} frames in ${seconds.toFixed(1)} s; read-only: ${readOnly.answered} answered, ${readOnly.closes} closes; writer: ${writing.answered} answered, ${writing.closes} closes`,
    );
  });
});
