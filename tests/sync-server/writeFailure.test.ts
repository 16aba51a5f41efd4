import type { DocumentStore } from '@tandem/persistence';
import { CloseCode } from '@tandem/protocol';
import { describe, expect, it } from 'vitest';
import { connectClient, overrideStore, startServer, waitFor } from '../src/helpers/index.js';

/** The real LevelDB store, with appends that can be made to fail (a full disk, say). */
function withFailingAppends(store: DocumentStore, state: { failing: boolean }): DocumentStore {
  return overrideStore(store, {
    append: (name, updates, options) =>
      state.failing ? Promise.reject(new Error(`injected write failure for ${name}`)) : store.append(name, updates, options),
  });
}

describe('a failed write', () => {
  it('is not relayed; the sender is closed with a retry code, reconnects and resends once storage works', async () => {
    const faults = { failing: false };
    const { wsUrl, store } = await startServer({ wrapStore: (real) => withFailingAppends(real, faults) });
    const sender = connectClient(wsUrl, 'fragile');
    const other = connectClient(wsUrl, 'fragile');
    await Promise.all([sender.synced(), other.synced()]);
    const senderCodes: number[] = [];
    const otherCodes: number[] = [];
    sender.provider.on('connection-close', (event) => event && senderCodes.push(event.code));
    other.provider.on('connection-close', (event) => event && otherCodes.push(event.code));

    faults.failing = true;
    sender.doc.getText('text').insert(0, 'not yet stored');
    await waitFor(() => senderCodes.includes(CloseCode.StorageWriteFailed.code), { message: 'sender closed with 4500' });
    // The room is reset so that memory never runs ahead of the store; the others resync.
    await waitFor(() => otherCodes.includes(CloseCode.RoomReset.code), { message: 'other closed with 4502' });
    expect(other.doc.getText('text').toString()).toBe('');
    expect(await store.getMeta('fragile')).toBeNull();

    faults.failing = false;
    // The stock provider reconnects (45xx is "try again") and its sync step 2 resends the edit.
    await waitFor(() => other.doc.getText('text').toString() === 'not yet stored', {
      timeout: 10_000,
      message: 'edit relayed after storage recovered',
    });
    expect((await store.getMeta('fragile'))?.totalUpdates).toBeGreaterThanOrEqual(1);
  });
});
