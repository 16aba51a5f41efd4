import type { DocumentStore } from '@tandem/persistence';
import { CloseCode } from '@tandem/protocol';
import { DocumentCodec, DocumentView, blockId } from '@tandem/document';
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { type Client, connectClient, overrideStore, startServer, waitFor } from '../src/helpers/index.js';
import { apiClient, docPath, field } from './apiClient.js';

/**
 * Writes through the API into documents people have open (real server, real WebsocketProvider
 * clients): they go the way of a client's edit (stored before anyone sees them; a failed store
 * write is seen by no one), carets elsewhere stay where they were, and a deleted document closes
 * its sockets for good.
 */
const codec = new DocumentCodec();
const markdown = (client: Client) => new DocumentView(client.doc, codec).markdown();
const blockText = (client: Client, index: number) => (client.doc.getXmlFragment('default').get(index) as Y.XmlElement).get(0) as Y.XmlText;

/** The real store, with appends to `docName` that can be held (until released) or made to fail. */
function controllableStore(store: DocumentStore, docName: string) {
  const control = { hold: false, fail: false, held: [] as (() => void)[] };
  const wrapped = overrideStore(store, {
    append: async (name, updates, options) => {
      if (name === docName && control.fail) throw new Error(`injected write failure for ${name}`);
      if (name === docName && control.hold) await new Promise<void>((resolve) => control.held.push(resolve));
      return store.append(name, updates, options);
    },
  });
  return { control, wrapped };
}

describe('writing into a live document', () => {
  it('is stored before any client sees it: held in the store, it reaches nobody; released, it reaches everyone', async () => {
    let control: ReturnType<typeof controllableStore>['control'] | null = null;
    const { wsUrl, httpUrl } = await startServer({
      wrapStore: (real) => {
        const made = controllableStore(real, 'live');
        control = made.control;
        return made.wrapped;
      },
    });
    const gate = control as unknown as ReturnType<typeof controllableStore>['control'];
    const call = apiClient(httpUrl);
    await call('POST', '/api/docs', { body: { name: 'live', format: 'markdown', content: 'One\n\nTwo' } });
    const observer = connectClient(wsUrl, 'live');
    const marker = connectClient(wsUrl, 'live');
    await Promise.all([observer.synced(), marker.synced()]);
    expect(markdown(observer)).toBe('One\n\nTwo');

    gate.hold = true;
    const patched = call('PATCH', docPath('live'), { body: { block: 1, format: 'markdown', content: '**Two**, patched' } });
    await waitFor(() => gate.held.length === 1, { message: 'the API write reached the store' });
    // Presence is relayed at once, on the same sockets: once the observer has the marker's, anything
    // relayed before it would have arrived too.
    marker.provider.awareness.setLocalStateField('marker', 1);
    await waitFor(() => [...observer.provider.awareness.getStates().values()].some((state) => state.marker === 1), {
      message: "the marker's presence reached the observer",
    });
    expect(markdown(observer)).toBe('One\n\nTwo');

    gate.hold = false;
    for (const release of gate.held.splice(0)) release();
    expect((await patched).status).toBe(200);
    await waitFor(() => markdown(observer) === 'One\n\n**Two**, patched', { message: 'the patch reached the observer' });
  });

  it('that the store fails to write is answered 503 and seen by no one, now or after reconnecting', async () => {
    let control: ReturnType<typeof controllableStore>['control'] | null = null;
    const { wsUrl, httpUrl, store } = await startServer({
      wrapStore: (real) => {
        const made = controllableStore(real, 'fragile');
        control = made.control;
        return made.wrapped;
      },
    });
    const faults = control as unknown as ReturnType<typeof controllableStore>['control'];
    const call = apiClient(httpUrl);
    await call('POST', '/api/docs', { body: { name: 'fragile', format: 'markdown', content: 'Stored' } });
    const client = connectClient(wsUrl, 'fragile');
    await client.synced();
    const codes: number[] = [];
    client.provider.on('connection-close', (event) => event && codes.push(event.code));

    faults.fail = true;
    const failed = await call('POST', docPath('fragile', '/append'), { body: { format: 'markdown', content: 'Lost' } });
    expect(failed.status).toBe(503);
    expect(failed.json?.error).toMatch(/storing the change failed/);
    expect(failed.text).not.toContain('injected');
    await waitFor(() => codes.includes(CloseCode.RoomReset.code), { message: 'the room was reset' });
    faults.fail = false;
    await waitFor(() => client.provider.synced && client.provider.wsconnected, { timeout: 10_000, message: 'the client is back' });
    expect(markdown(client)).toBe('Stored');
    expect((await call('GET', docPath('fragile', '?format=markdown'))).text).toBe('Stored');
    expect((await store.getMeta('fragile'))?.seq).toBe(1);
  });

  it('keeps carets: a position in a block the write does not replace stays on the same character', async () => {
    const { wsUrl, httpUrl } = await startServer();
    const call = apiClient(httpUrl);
    await call('POST', '/api/docs', { body: { name: 'carets', format: 'markdown', content: 'Alpha\n\nBravo\n\nCharlie\n\nDelta' } });
    const ada = connectClient(wsUrl, 'carets');
    const bob = connectClient(wsUrl, 'carets');
    await Promise.all([ada.synced(), bob.synced()]);
    // Ada's caret, as y-prosemirror keeps it: a relative position, after "Cha" of Charlie; and after "Bra".
    const inCharlie = Y.createRelativePositionFromTypeIndex(blockText(ada, 2), 3);
    const inBravo = Y.createRelativePositionFromTypeIndex(blockText(ada, 1), 3);
    const ids = new DocumentView(ada.doc, codec).blocks().map((block) => block.id);

    expect((await call('PATCH', docPath('carets'), { body: { block: 0, format: 'markdown', content: '# A heading now' } })).status).toBe(
      200,
    );
    expect((await call('PATCH', docPath('carets'), { body: { block: ids[3], format: 'markdown', content: 'Delta, longer' } })).status).toBe(
      200,
    );
    expect(
      (
        await call('PUT', docPath('carets'), {
          body: { format: 'markdown', content: '# A heading now\n\nBravo, edited\n\nCharlie\n\nDelta, longer\n\nEcho' },
        })
      ).status,
    ).toBe(200);
    await waitFor(() => markdown(ada) === '# A heading now\n\nBravo, edited\n\nCharlie\n\nDelta, longer\n\nEcho', {
      message: 'ada has the writes',
    });
    await waitFor(() => markdown(bob) === markdown(ada), { message: 'bob has them too' });

    const charlie = Y.createAbsolutePositionFromRelativePosition(inCharlie, ada.doc);
    expect(charlie?.type).toBe(blockText(ada, 2));
    expect(charlie?.index).toBe(3);
    // Bravo was edited after its caret: the caret stays after "Bra".
    const bravo = Y.createAbsolutePositionFromRelativePosition(inBravo, bob.doc);
    expect(bravo?.type).toBe(blockText(bob, 1));
    expect(bravo?.index).toBe(3);
    // Untouched blocks keep their elements: same ids.
    const after = new DocumentView(bob.doc, codec).blocks().map((block) => block.id);
    expect([after[1], after[2], after[3]]).toEqual([ids[1], ids[2], ids[3]]);
    expect(blockId(bob.doc.getXmlFragment('default').get(2) as Y.XmlElement)).toBe(ids[2]);
  });

  it('deleting a document closes its sockets with 4410 for good; restoring brings the content back to a new client', async () => {
    const { wsUrl, httpUrl } = await startServer();
    const call = apiClient(httpUrl);
    await call('POST', '/api/docs', { body: { name: 'doomed', format: 'markdown', content: 'Last words' } });
    const client = connectClient(wsUrl, 'doomed');
    await client.synced();
    const codes: number[] = [];
    client.provider.on('connection-close', (event) => event && codes.push(event.code));

    expect((await call('DELETE', docPath('doomed'))).status).toBe(200);
    await waitFor(() => codes.includes(CloseCode.DocumentDeleted.code), { message: 'closed with 4410' });
    expect(client.provider.shouldConnect).toBe(false);
    expect((await call('GET', docPath('doomed'))).status).toBe(404);

    expect((await call('POST', docPath('doomed', '/restore'))).status).toBe(200);
    const later = connectClient(wsUrl, 'doomed');
    await later.synced();
    expect(markdown(later)).toBe('Last words');
  });

  it('a deleted document is purged when its retention ends: no longer listed, its content gone from the store', async () => {
    const { httpUrl, store } = await startServer({ config: { deletedDocRetentionSec: 1 } });
    const call = apiClient(httpUrl);
    await call('POST', '/api/docs', { body: { name: 'brief', format: 'text', content: 'short-lived' } });
    await call('DELETE', docPath('brief'));
    expect(field<unknown[]>(await call('GET', '/api/trash'), 'docs')).toHaveLength(1);
    await waitFor(async () => field<unknown[]>(await call('GET', '/api/trash'), 'docs').length === 0, { message: 'past retention' });
    await waitFor(async () => (await store.list()).docs.every((doc) => doc.name === '~trash'), {
      timeout: 10_000,
      message: 'the purge removed the content',
    });
    expect((await call('POST', docPath('brief', '/restore'))).status).toBe(404);
  });
});
