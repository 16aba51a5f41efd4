import { describe, expect, it } from 'vitest';
import type { Outbox, OutboxEntryInput } from '../outbox.js';
import type { ContractFixture } from './contractFixture.js';
import { createRecordingDoc } from './recordingDoc.js';

const T0 = 1_700_000_000_000;

/** An entry for the contract's tests: event `e<n>` of lane `lane` for `endpoint`. */
export function outboxInput(n: number, overrides: Partial<OutboxEntryInput> = {}): OutboxEntryInput {
  return {
    eventId: `e${n}`,
    type: 'document.updated',
    endpoint: 'hook',
    lane: 'doc-a',
    payload: `{"n":${n}}`,
    createdAt: T0 + n,
    ...overrides,
  };
}

export const claimAll = (outbox: Outbox, owner: string, now: number, endpoints: string[] = ['hook']) =>
  outbox.claim({ owner, endpoints, now, leaseMs: 600_000, limit: 100 });

export const delivered = (at: number) => ({ at, durationMs: 5, statusCode: 204, error: null, next: { state: 'delivered' as const } });

/** The outbox: adding (idempotent, under a cursor condition), listing, and claiming in lane order under leases. */
export function outboxContract(getFixture: () => ContractFixture): void {
  describe('outbox: adding, cursors and claims', () => {
    it('adds entries in order with fresh state, lists them newest first, and filters the list', async () => {
      const { outbox } = getFixture().store;
      const { applied, added } = await outbox.add([
        outboxInput(1),
        outboxInput(2, { lane: 'doc-b' }),
        outboxInput(3, { endpoint: 'other' }),
      ]);
      expect(applied).toBe(true);
      expect(added.map((entry) => entry.eventId)).toEqual(['e1', 'e2', 'e3']);
      const [first, second] = added;
      expect(first).toMatchObject({ ...outboxInput(1), replayOf: null, state: 'pending', attempts: 0, nextAttemptAt: T0 + 1 });
      expect(first?.lastAttemptAt).toBeNull();
      expect(first?.settledAt).toBeNull();
      expect((second?.id ?? 0) > (first?.id ?? 0)).toBe(true);
      expect(await outbox.get(first?.id ?? 0)).toEqual(first);
      expect(await outbox.get(999_999)).toBeNull();

      const hooks = await outbox.entries({ endpoint: 'hook', limit: 10 });
      expect(hooks.map((entry) => entry.eventId)).toEqual(['e2', 'e1']);
      expect((await outbox.entries({ endpoint: 'hook', limit: 1 })).map((entry) => entry.eventId)).toEqual(['e2']);
      expect((await outbox.entries({ endpoint: 'hook', limit: 10, before: second?.id ?? 0 })).map((entry) => entry.eventId)).toEqual([
        'e1',
      ]);
      expect((await outbox.entries({ endpoint: 'hook', limit: 10, since: T0 + 2 })).map((entry) => entry.eventId)).toEqual(['e2']);
      expect((await outbox.entries({ endpoint: 'hook', limit: 10, eventId: 'e1' })).map((entry) => entry.id)).toEqual([first?.id]);
      expect(await outbox.entries({ endpoint: 'hook', limit: 10, states: ['delivered'] })).toEqual([]);
      expect(await outbox.entries({ endpoint: 'nobody', limit: 10 })).toEqual([]);
      await expect(outbox.entries({ endpoint: 'hook', limit: 0 })).rejects.toThrow(/limit/);
      await expect(outbox.add([{ ...outboxInput(4), eventId: '' }])).rejects.toThrow(/eventId/);
    });

    it('skips an event an endpoint already has (in one call or a later one), but not a replay or another endpoint', async () => {
      const { outbox } = getFixture().store;
      const [original] = (await outbox.add([outboxInput(1), outboxInput(1)])).added;
      expect((await outbox.entries({ endpoint: 'hook', limit: 10 })).length).toBe(1);
      expect((await outbox.add([outboxInput(1, { payload: 'changed' })])).added).toEqual([]);
      const replay = (await outbox.add([outboxInput(1, { replayOf: original?.id ?? 0 })])).added;
      expect(replay).toHaveLength(1);
      expect(replay[0]?.replayOf).toBe(original?.id);
      expect(replay[0]?.eventId).toBe('e1');
      expect((await outbox.add([outboxInput(1, { endpoint: 'other' })])).added).toHaveLength(1);
      expect((await outbox.entries({ endpoint: 'hook', limit: 10, eventId: 'e1' })).length).toBe(2);
    });

    it('adds under a cursor condition only when the cursor is as expected, and moves it in the same step', async () => {
      const { outbox } = getFixture().store;
      expect(await outbox.cursor('doc-a')).toBeNull();
      expect((await outbox.add([outboxInput(1)], { cursor: { name: 'doc-a', expect: 3, set: 9 } })).applied).toBe(false);
      expect(await outbox.entries({ endpoint: 'hook', limit: 10 })).toEqual([]);
      expect((await outbox.add([outboxInput(1)], { cursor: { name: 'doc-a', expect: null, set: 5 } })).applied).toBe(true);
      expect(await outbox.cursor('doc-a')).toBe(5);
      // Two writers that read the same cursor: one wins, the other adds nothing.
      const race = await Promise.all([
        outbox.add([outboxInput(2)], { cursor: { name: 'doc-a', expect: 5, set: 7 } }),
        outbox.add([outboxInput(3)], { cursor: { name: 'doc-a', expect: 5, set: 8 } }),
      ]);
      expect(race.map((result) => result.applied).sort()).toEqual([false, true]);
      expect(await outbox.cursor('doc-a')).toBe(race[0]?.applied ? 7 : 8);
      expect((await outbox.entries({ endpoint: 'hook', limit: 10 })).length).toBe(2);
      // No expectation: any value; null removes it; an empty add may just move a cursor.
      expect((await outbox.add([], { cursor: { name: 'doc-a', set: 12 } })).applied).toBe(true);
      expect(await outbox.cursor('doc-a')).toBe(12);
      await outbox.add([], { cursor: { name: 'doc-a', set: null } });
      expect(await outbox.cursor('doc-a')).toBeNull();
      expect(await outbox.cursor('doc-b')).toBeNull();
    });

    it('finds cursors behind their documents that nobody touched since a time', async () => {
      const { store } = getFixture();
      const source = createRecordingDoc();
      for (const name of ['quiet', 'announced', 'busy']) {
        source.type(name);
        await store.append(name, source.takeUpdates());
      }
      const seqOf = async (name: string) => (await store.getMeta(name))?.seq ?? 0;
      await store.outbox.add([], { cursor: { name: 'quiet', set: 0 } });
      await store.outbox.add([], { cursor: { name: 'announced', set: await seqOf('announced') } });
      await store.outbox.add([], { cursor: { name: 'busy', set: 0 } });
      await store.outbox.add([], { cursor: { name: 'gone', set: 3 } });
      const later = Date.now() + 60_000;
      expect(await store.outbox.behindCursors({ updatedBefore: later, limit: 10 })).toEqual([
        { name: 'quiet', cursor: 0, seq: await seqOf('quiet') },
        { name: 'busy', cursor: 0, seq: await seqOf('busy') },
      ]);
      expect(await store.outbox.behindCursors({ updatedBefore: later, limit: 1 })).toHaveLength(1);
      expect(await store.outbox.behindCursors({ updatedBefore: 0, limit: 10 })).toEqual([]);
    });

    it('hands out only the oldest pending entry of each lane, once due, earliest first', async () => {
      const { outbox } = getFixture().store;
      const added = (
        await outbox.add([
          outboxInput(1, { lane: 'a' }),
          outboxInput(2, { lane: 'a' }),
          outboxInput(3, { lane: 'b', createdAt: T0 }),
          outboxInput(4, { lane: 'c', createdAt: T0 + 50_000 }),
          outboxInput(5, { lane: 'a', endpoint: 'other' }),
        ])
      ).added;
      const ids = added.map((entry) => entry.id);
      const first = await claimAll(outbox, 'node-1', T0 + 10);
      expect(first.map((entry) => entry.eventId)).toEqual(['e3', 'e1']);
      // Leased, and the lane's next entry waits for the one before it.
      expect(await claimAll(outbox, 'node-2', T0 + 10)).toEqual([]);
      expect(await outbox.settle(ids[0] as number, 'node-1', delivered(T0 + 20))).not.toBeNull();
      expect((await claimAll(outbox, 'node-2', T0 + 20)).map((entry) => entry.eventId)).toEqual(['e2']);
      expect((await claimAll(outbox, 'node-2', T0 + 50_000)).map((entry) => entry.eventId)).toEqual(['e4']);
      expect((await claimAll(outbox, 'node-2', T0 + 50_000, ['other'])).map((entry) => entry.eventId)).toEqual(['e5']);
    });

    it('a lease keeps other claimers off until it runs out; then only the new holder may settle', async () => {
      const { outbox } = getFixture().store;
      const [entry] = (await outbox.add([outboxInput(1)])).added;
      const id = entry?.id ?? 0;
      expect(await outbox.claim({ owner: 'node-1', endpoints: ['hook'], now: T0 + 10, leaseMs: 1000, limit: 10 })).toHaveLength(1);
      expect(await claimAll(outbox, 'node-2', T0 + 1009)).toEqual([]);
      expect(await outbox.settle(id, 'node-2', delivered(T0 + 1009))).toBeNull();
      expect((await claimAll(outbox, 'node-2', T0 + 1010)).map((claimed) => claimed.id)).toEqual([id]);
      expect(await outbox.settle(id, 'node-1', delivered(T0 + 1020))).toBeNull();
      expect((await outbox.get(id))?.state).toBe('pending');
      // Given back without an attempt: claimable at once, attempts unchanged.
      expect(await outbox.release(id, 'node-1')).toBe(false);
      expect(await outbox.release(id, 'node-2')).toBe(true);
      expect((await claimAll(outbox, 'node-3', T0 + 1011)).map((claimed) => claimed.attempts)).toEqual([0]);
    });

    it('never hands one entry to two concurrent claims', async () => {
      const { outbox } = getFixture().store;
      await outbox.add(Array.from({ length: 40 }, (_, i) => outboxInput(i, { lane: `lane-${i % 20}` })));
      const claims = await Promise.all(
        Array.from({ length: 8 }, (_, i) =>
          outbox.claim({ owner: `node-${i}`, endpoints: ['hook'], now: T0 + 100, leaseMs: 10_000, limit: 4 }),
        ),
      );
      const ids = claims.flat().map((entry) => entry.id);
      expect(new Set(ids).size).toBe(ids.length);
      expect(ids.length).toBe(20);
      const lanes = claims.flat().map((entry) => entry.lane);
      expect(new Set(lanes).size).toBe(20);
    });
  });
}
