/**
 * One client of the load generator, whichever stock library drives it.
 * @typedef {Object} BenchClient
 * @property {import('yjs').Doc} doc
 * @property {import('yjs').Text} text the shared Y.Text `bench` every workload edits
 * @property {number} startedAt performance.now() when the connection was requested
 * @property {Promise<number>} synced resolves with performance.now() of the first sync
 * @property {() => boolean} isSynced
 * @property {UpdateCounter} sent update-bearing frames sent on the current socket (only counted for the y-websocket client)
 * @property {{ count: number, listeners: Set<(count: number) => void> }} acks Tandem durable acks on the current socket (cumulative count)
 * @property {() => number} bufferedAmount bytes queued in the client socket, not yet handed to the kernel
 * @property {() => number} reconnects sockets opened after the first (a server dropped or refused the connection)
 * @property {() => void} close disconnects for good, keeping the doc (a client that moves to another node)
 * @property {() => void} destroy
 */

/**
 * @typedef {Object} UpdateCounter
 * @property {number} count
 * @property {number[] | null} times performance.now() of each counted frame, if asked for
 * @property {number[] | null} clocks the client's own Yjs clock when each counted frame left (what it covers), if asked for
 */

/** The name of the Y.Text every workload edits (not Tandem's `default`/`title` schema fields). */
export const benchTextName = 'bench';

/** Origin of every edit the load generator makes, so remote updates are told apart. */
export const localOrigin = Symbol('bench-local-edit');
