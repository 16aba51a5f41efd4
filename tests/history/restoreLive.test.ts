import { signToken } from '@tandem/sync-server';
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { apiClient, docPath, field } from '../documents-api/apiClient.js';
import { type Client, connectClient, startServer, waitFor } from '../src/helpers/index.js';
import { paragraphs } from './paragraphs.js';

const SECRET = 'restore-live-tests-secret-0123456789abcdefghijk';
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** True once `doc` holds everything the state vector `base` names. */
function covers(doc: Y.Doc, base: Uint8Array): boolean {
  for (const [client, clock] of Y.decodeStateVector(base)) if (Y.getState(doc.store, client) < clock) return false;
  return true;
}

/** Types `count` characters at the end of paragraph `index`, one keystroke every `everyMs`; what it typed, in order. */
function typist(client: Client, index: number, prefix: string) {
  let typed = '';
  let running = true;
  const done = (async () => {
    for (let i = 0; running; i++) {
      const char = String.fromCharCode(97 + (i % 26));
      paragraphs(client.doc).type(index, char);
      typed += char;
      await sleep(15);
    }
  })();
  return {
    get typed() {
      return typed;
    },
    prefix,
    stop: async () => {
      running = false;
      await done;
    },
  };
}

describe('restoring a version while others type', () => {
  it('brings the version back in one change, keeps their keystrokes outside what it restores, converges, and the restorer can undo it', async () => {
    const { wsUrl, httpUrl } = await startServer({ config: { authSecret: SECRET, versionPauseMs: 0 } });
    const call = apiClient(httpUrl);
    const token = (sub: string) => signToken({ secret: SECRET, sub, docs: { '*': 'write' }, expiresIn: '10m' });
    // Each announces presence (as the editor does), which tells the server the connection's Yjs client id.
    const connect = async (sub: string) =>
      connectClient(wsUrl, 'live-restore', { params: { token: await token(sub) }, awareness: { user: { name: sub } } });
    const editor = await connect('eve');
    const [x, y, restorer] = await Promise.all([connect('xavier'), connect('yoko'), connect('rita')]);
    await Promise.all([editor, x, y, restorer].map((client) => client.synced()));
    const text = paragraphs(editor.doc);
    text.add('Alpha');
    text.add('Bravo');
    text.add('Charlie');
    await waitFor(() => [x, y, restorer].every((client) => paragraphs(client.doc).length === 3), {
      message: 'everyone has the three paragraphs',
    });
    const ritaToken = await token('rita');
    const version = field<{ seq: number }>(
      await call('POST', docPath('live-restore', '/versions'), { auth: ritaToken, body: { name: 'clean' } }),
      'version',
    );

    // After the version: the last paragraph is rewritten and one is added.
    text.erase(2, 0, 7);
    text.type(2, 'Charlie changed');
    text.add('Delta');
    await waitFor(() => [x, y, restorer].every((client) => paragraphs(client.doc).texts().at(-1) === 'Delta'));
    const preRestore = ['Alpha', 'Bravo', 'Charlie changed', 'Delta'];

    // Xavier and Yoko type at the end of the first two paragraphs while Rita restores.
    const typing = [typist(x, 0, 'Alpha'), typist(y, 1, 'Bravo')];
    await sleep(150);
    const restoreOrigin = Symbol('restore');
    const undo = new Y.UndoManager(restorer.doc.getXmlFragment('default'), { trackedOrigins: new Set([restoreOrigin]) });
    const answer = await call('POST', docPath('live-restore', `/versions/${version.seq}/restore`), {
      auth: ritaToken,
      body: { clientId: restorer.doc.clientID },
    });
    expect(answer.status).toBe(200);
    // Rita's own connection sent the change, so her editor applies it as her own change (once it has what it was made against).
    expect(answer.json).toMatchObject({ changed: true, viaConnection: true });
    const base = new Uint8Array(Buffer.from(field<string>(answer, 'baseStateVector'), 'base64'));
    await waitFor(() => covers(restorer.doc, base), { message: "Rita's editor has what the restore was made against" });
    Y.applyUpdate(restorer.doc, new Uint8Array(Buffer.from(field<string>(answer, 'update'), 'base64')), restoreOrigin);
    // Typing goes on a while after everyone saw the restore, then stops.
    await waitFor(() => [x, y].every((client) => !paragraphs(client.doc).texts().includes('Delta')), {
      message: 'the typists see the restore',
    });
    const typedBeforeSeen = typing.map((typist) => typist.typed.length);
    await sleep(200);
    for (const typist of typing) await typist.stop();

    const everyone = [editor, x, y, restorer];
    const same = () => everyone.every((client) => paragraphs(client.doc).texts().join('\n') === paragraphs(editor.doc).texts().join('\n'));
    await waitFor(same, { message: 'all replicas converge after the restore' });
    const [alpha, bravo, charlie, ...rest] = paragraphs(editor.doc).texts();
    expect(charlie).toBe('Charlie');
    expect(rest).toEqual([]);
    typing.forEach((typist, i) => {
      const kept = ([alpha, bravo][i] as string).slice(typist.prefix.length);
      expect([alpha, bravo][i]?.startsWith(typist.prefix)).toBe(true);
      // What the restore found was reverted; the keystrokes it did not know (at least all those typed after it arrived) survive.
      expect(typist.typed.endsWith(kept), `${typist.prefix}: "${kept}" is the end of what was typed`).toBe(true);
      expect(kept.length).toBeGreaterThanOrEqual(typist.typed.length - (typedBeforeSeen[i] as number));
    });

    // Rita undoes her restore: the content from before it comes back, with everything typed since.
    expect(undo.undoStack.length).toBe(1);
    undo.undo();
    await waitFor(same, { message: 'all replicas converge after the undo' });
    expect(paragraphs(editor.doc).texts()).toEqual([`Alpha${typing[0]?.typed}`, `Bravo${typing[1]?.typed}`, preRestore[2], preRestore[3]]);
  });
});
