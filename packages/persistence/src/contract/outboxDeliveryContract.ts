import { describe, expect, it } from 'vitest';
import type { ContractFixture } from './contractFixture.js';
import { claimAll, delivered, outboxInput } from './outboxContract.js';

const T0 = 1_700_000_000_000;

const failedAttempt = (at: number, next: { state: 'pending'; at: number } | { state: 'failed' }) => ({
  at,
  durationMs: 12.5,
  statusCode: 503,
  error: 'answered 503',
  next,
});

/** The outbox: settling attempts, endpoint health, disabling, depth, pruning, and all of it across a reopen. */
export function outboxDeliveryContract(getFixture: () => ContractFixture): void {
  describe('outbox: attempts, health and durability', () => {
    it('records attempts, reschedules a failed one, gives up on request, and the lane moves on', async () => {
      const { outbox } = getFixture().store;
      const [first, second] = (await outbox.add([outboxInput(1), outboxInput(2)])).added;
      const id = first?.id ?? 0;
      await claimAll(outbox, 'node-1', T0 + 10);
      const health = await outbox.settle(id, 'node-1', failedAttempt(T0 + 20, { state: 'pending', at: T0 + 5000 }));
      expect(health).toEqual({ endpoint: 'hook', failingSince: T0 + 20, lastDeliveredAt: null, disabledAt: null, disabledReason: null });
      expect(await outbox.get(id)).toMatchObject({
        state: 'pending',
        attempts: 1,
        nextAttemptAt: T0 + 5000,
        lastAttemptAt: T0 + 20,
        settledAt: null,
      });
      // Not due yet, and its lane's next entry still waits behind it.
      expect(await claimAll(outbox, 'node-1', T0 + 4999)).toEqual([]);
      expect((await claimAll(outbox, 'node-1', T0 + 5000)).map((entry) => entry.id)).toEqual([id]);
      const stillFailing = await outbox.settle(id, 'node-1', failedAttempt(T0 + 5010, { state: 'failed' }));
      expect(stillFailing?.failingSince).toBe(T0 + 20);
      expect(await outbox.get(id)).toMatchObject({ state: 'failed', attempts: 2, settledAt: T0 + 5010 });
      expect((await claimAll(outbox, 'node-1', T0 + 5020)).map((entry) => entry.id)).toEqual([second?.id]);
      const recovered = await outbox.settle(second?.id ?? 0, 'node-1', delivered(T0 + 5030));
      expect(recovered).toMatchObject({ failingSince: null, lastDeliveredAt: T0 + 5030 });
      expect(await outbox.settle(second?.id ?? 0, 'node-1', delivered(T0 + 5040))).toBeNull();

      const attempts = await outbox.attempts({ endpoint: 'hook', limit: 10 });
      expect(attempts.map((attempt) => [attempt.entryId, attempt.attempt, attempt.delivered])).toEqual([
        [second?.id, 1, true],
        [id, 2, false],
        [id, 1, false],
      ]);
      expect(attempts[2]).toMatchObject({
        ...{ eventId: 'e1', type: 'document.updated', endpoint: 'hook', lane: 'doc-a', at: T0 + 20 },
        ...{ durationMs: 12.5, statusCode: 503, error: 'answered 503' },
      });
      expect(attempts[0]).toMatchObject({ statusCode: 204, error: null });
      expect((await outbox.attempts({ endpoint: 'hook', limit: 10, entryId: id })).length).toBe(2);
      expect((await outbox.attempts({ endpoint: 'hook', limit: 10, before: attempts[1]?.id ?? 0 })).map((a) => a.id)).toEqual([
        attempts[2]?.id,
      ]);
      expect((await outbox.entries({ endpoint: 'hook', limit: 10, states: ['failed'] })).map((entry) => entry.id)).toEqual([id]);
    });

    it('a disabled endpoint keeps its entries but hands none out until enabled again', async () => {
      const { outbox } = getFixture().store;
      await outbox.add([outboxInput(1), outboxInput(2, { endpoint: 'other' })]);
      const disabled = await outbox.setDisabled('hook', { at: T0 + 1, reason: 'failing for 5 days' });
      expect(disabled).toMatchObject({ changed: true, health: { disabledAt: T0 + 1, disabledReason: 'failing for 5 days' } });
      expect((await outbox.setDisabled('hook', { at: T0 + 2, reason: 'again' })).changed).toBe(false);
      expect((await claimAll(outbox, 'node-1', T0 + 10, ['hook', 'other'])).map((entry) => entry.endpoint)).toEqual(['other']);
      expect((await outbox.health(['hook', 'new']))[1]).toEqual({
        ...{ endpoint: 'new', failingSince: null, lastDeliveredAt: null },
        ...{ disabledAt: null, disabledReason: null },
      });
      const enabled = await outbox.setDisabled('hook', null);
      expect(enabled).toMatchObject({ changed: true, health: { disabledAt: null, disabledReason: null, failingSince: null } });
      expect((await claimAll(outbox, 'node-1', T0 + 10)).map((entry) => entry.eventId)).toEqual(['e1']);
    });

    it('counts the pending entries of each endpoint and their oldest', async () => {
      const { outbox } = getFixture().store;
      const [first] = (await outbox.add([outboxInput(1), outboxInput(2, { lane: 'b' }), outboxInput(3, { endpoint: 'other' })])).added;
      await claimAll(outbox, 'node-1', T0 + 10);
      await outbox.settle(first?.id ?? 0, 'node-1', delivered(T0 + 11));
      expect(await outbox.depth(['hook', 'other', 'none'])).toEqual([
        { endpoint: 'hook', pending: 1, oldestCreatedAt: T0 + 2 },
        { endpoint: 'other', pending: 1, oldestCreatedAt: T0 + 3 },
        { endpoint: 'none', pending: 0, oldestCreatedAt: null },
      ]);
    });

    it('prunes settled entries and old attempts, never a pending entry, and keeps the newest attempts', async () => {
      const { outbox } = getFixture().store;
      const added = (await outbox.add([outboxInput(1, { lane: 'a' }), outboxInput(2, { lane: 'b' }), outboxInput(3, { lane: 'c' })])).added;
      await claimAll(outbox, 'node-1', T0 + 10);
      await outbox.settle(added[0]?.id ?? 0, 'node-1', delivered(T0 + 100));
      await outbox.settle(added[1]?.id ?? 0, 'node-1', failedAttempt(T0 + 200, { state: 'failed' }));
      await outbox.settle(added[2]?.id ?? 0, 'node-1', failedAttempt(T0 + 300, { state: 'pending', at: T0 + 400 }));
      expect(await outbox.prune({ settledBefore: T0 + 150, keepSettled: 100, keepAttempts: 100 })).toBe(2);
      expect(await outbox.get(added[0]?.id ?? 0)).toBeNull();
      expect((await outbox.get(added[1]?.id ?? 0))?.state).toBe('failed');
      expect((await outbox.attempts({ endpoint: 'hook', limit: 10 })).map((attempt) => attempt.at)).toEqual([T0 + 300, T0 + 200]);
      expect(await outbox.prune({ settledBefore: T0 + 250, keepSettled: 100, keepAttempts: 0 })).toBe(3);
      expect(await outbox.attempts({ endpoint: 'hook', limit: 10 })).toEqual([]);
      expect((await outbox.entries({ endpoint: 'hook', limit: 10 })).map((entry) => entry.id)).toEqual([added[2]?.id]);
      // A pruned event may come again: nothing remembers it.
      expect((await outbox.add([outboxInput(1, { lane: 'a' })])).added).toHaveLength(1);
    });

    it('keeps at most the newest settled entries of each endpoint, however recent', async () => {
      const { outbox } = getFixture().store;
      const added = (await outbox.add(Array.from({ length: 5 }, (_, i) => outboxInput(i, { lane: `l${i}` })))).added;
      await outbox.add([outboxInput(9, { endpoint: 'other' })]);
      await claimAll(outbox, 'node-1', T0 + 10, ['hook', 'other']);
      for (const entry of [...added, ...(await outbox.entries({ endpoint: 'other', limit: 1 }))].slice(0, 5)) {
        await outbox.settle(entry.id, 'node-1', delivered(T0 + 20));
      }
      expect(await outbox.prune({ settledBefore: T0, keepSettled: 2, keepAttempts: 100 })).toBe(3);
      expect((await outbox.entries({ endpoint: 'hook', limit: 10 })).map((entry) => entry.eventId)).toEqual(['e4', 'e3']);
      expect((await outbox.entries({ endpoint: 'other', limit: 10 })).map((entry) => entry.state)).toEqual(['pending']);
    });

    it('keeps entries, attempts, cursors and health across a reopen; ids go on increasing; leases do not block a restarted process for ever', async () => {
      const fixture = getFixture();
      const before = fixture.store.outbox;
      const added = (
        await before.add([outboxInput(1), outboxInput(2), outboxInput(3, { lane: 'b' })], {
          cursor: { name: 'doc-a', expect: null, set: 4 },
        })
      ).added;
      await claimAll(before, 'node-1', T0 + 10);
      await before.settle(added[0]?.id ?? 0, 'node-1', delivered(T0 + 20));
      await before.settle(added[2]?.id ?? 0, 'node-1', failedAttempt(T0 + 30, { state: 'pending', at: T0 + 60 }));
      await claimAll(before, 'node-1', T0 + 40);
      await before.setDisabled('other', { at: T0 + 50, reason: 'test' });
      const entries = await before.entries({ endpoint: 'hook', limit: 10 });
      const attempts = await before.attempts({ endpoint: 'hook', limit: 10 });
      await fixture.store.close();
      await expect(before.cursor('doc-a')).rejects.toThrow(/closed/);

      const { outbox } = await fixture.reopen();
      expect(await outbox.entries({ endpoint: 'hook', limit: 10 })).toEqual(entries);
      expect(await outbox.attempts({ endpoint: 'hook', limit: 10 })).toEqual(attempts);
      expect(await outbox.cursor('doc-a')).toBe(4);
      expect((await outbox.health(['hook', 'other'])).map((health) => [health.lastDeliveredAt, health.disabledAt])).toEqual([
        [T0 + 20, null],
        [null, T0 + 50],
      ]);
      expect((await outbox.add([outboxInput(1)])).added).toEqual([]);
      const [next] = (await outbox.add([outboxInput(9)])).added;
      expect(next?.id).toBeGreaterThan(Math.max(...added.map((entry) => entry.id)));
      // What node-1 had leased is claimable again once its lease ran out (at once, where a lease dies with its process).
      const later = T0 + 10 * 60_000 + 100;
      expect((await claimAll(outbox, 'node-2', later)).map((entry) => entry.eventId).sort()).toEqual(['e2', 'e3']);
    });
  });
}
