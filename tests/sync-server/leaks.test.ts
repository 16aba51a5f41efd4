import { describe, expect, it } from 'vitest';
import { connectClient, openEventStream, startServer, waitFor } from '../src/helpers/index.js';

/** Active (ref'd) handles of this process by kind: timers, immediates, sockets. */
function activeResources(): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const kind of process.getActiveResourcesInfo()) counts[kind] = (counts[kind] ?? 0) + 1;
  return counts;
}

const docs = Array.from({ length: 20 }, (_, i) => `leak-${i}`);

describe('nothing is left behind once clients leave', () => {
  it('rooms, connections, awareness, listeners, timers and sockets return to zero after 200 connect-edit-leave cycles', async () => {
    const { server, store, wsUrl, httpUrl } = await startServer();
    const baseline = activeResources();
    const listenersBefore = ['upgrade', 'request', 'connection'].map((event) => server.httpServer.listenerCount(event));
    const events = await openEventStream(`${httpUrl}/api/events`);

    const edits = new Map<string, number>();
    for (let wave = 0; wave < 10; wave++) {
      const clients = docs.map((doc, i) =>
        connectClient(wsUrl, doc, { params: i % 2 === 0 ? { ack: '1' } : {}, awareness: { user: `u${wave}-${i}` } }),
      );
      // A few leave before their doc has even loaded.
      const early = docs.slice(0, 3).map((doc) => connectClient(wsUrl, doc));
      for (const client of early) client.destroy();
      await Promise.all(clients.map((client) => client.synced(10_000)));
      for (const [i, client] of clients.entries()) client.doc.getText('text').insert(0, `w${wave}c${i} `);
      for (const doc of docs) edits.set(doc, (edits.get(doc) ?? 0) + 1);
      await waitFor(
        async () => {
          for (const doc of docs) {
            if (((await store.getMeta(doc))?.totalUpdates ?? 0) < (edits.get(doc) ?? 0)) return false;
          }
          return true;
        },
        { timeout: 10_000, message: `wave ${wave} stored` },
      );
      // Half leave at once, half a turn later, while others of the next wave may already arrive.
      for (const client of clients.slice(0, 10)) client.destroy();
      setImmediate(() => {
        for (const client of clients.slice(10)) client.destroy();
      });
    }
    events.close();

    await waitFor(
      () => {
        const held = server.introspect();
        return Object.values(held).every((value) => value === 0);
      },
      { timeout: 10_000, message: `server holds nothing (${JSON.stringify(server.introspect())})` },
    );
    expect(server.introspect()).toEqual({
      rooms: 0,
      connections: 0,
      roomsWithPendingWrites: 0,
      awarenessStates: 0,
      eventStreamClients: 0,
      eventStreamTimers: 0,
    });
    expect(server.stats()).toEqual({ rooms: 0, connections: 0 });
    expect(['upgrade', 'request', 'connection'].map((event) => server.httpServer.listenerCount(event))).toEqual(listenersBefore);
    // Every room's awareness interval, every client's intervals and every socket are gone.
    await waitFor(
      () => {
        const now = activeResources();
        // vi.waitFor's own timeout and interval are two of the timers while it polls.
        const allowed: Record<string, number> = { ...baseline, Timeout: (baseline.Timeout ?? 0) + 2 };
        return ['Timeout', 'Immediate', 'TCPSocketWrap'].every((kind) => (now[kind] ?? 0) <= (allowed[kind] ?? 0));
      },
      { timeout: 5000, message: `active handles back to ${JSON.stringify(baseline)}` },
    );
    const open = await new Promise<number>((resolve, reject) =>
      server.httpServer.getConnections((error, count) => (error ? reject(error) : resolve(count))),
    );
    expect(open).toBe(0);

    // Everything written in the cycles is there.
    const check = connectClient(wsUrl, 'leak-7');
    await check.synced();
    expect(
      check.doc
        .getText('text')
        .toString()
        .match(/w\dc7 /g)?.length,
    ).toBe(10);
  });
});
