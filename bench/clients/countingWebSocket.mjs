import WebSocket from 'ws';

/**
 * A `ws` WebSocket class for the y-websocket provider's `WebSocketPolyfill` that counts the
 * update-bearing frames it sends (sync step 2 `[0, 1, ...]` and sync update `[0, 2, ...]`),
 * exactly what Tandem's durable ack counts. Tandem counts per connection, so every new socket
 * (a reconnect) restarts the count, clears the ack count and is recorded in `sockets`.
 * @param {import('./benchClient.mjs').UpdateCounter} counter
 * @param {{ socket: WebSocket | null, sockets: number, onNewSocket: () => void }} holder
 * @param {() => number} ownClock the client's own Yjs clock now (recorded per frame when `counter.clocks` is on)
 */
export function countingWebSocket(counter, holder, ownClock) {
  return class CountingWebSocket extends WebSocket {
    /** @param {ConstructorParameters<typeof WebSocket>} args */
    constructor(...args) {
      super(...args);
      holder.socket = this;
      holder.sockets += 1;
      counter.count = 0;
      if (counter.times) counter.times = [];
      if (counter.clocks) counter.clocks = [];
      holder.onNewSocket();
    }

    /** @param {any} data @param {any[]} rest */
    send(data, ...rest) {
      if (holder.socket === this && data instanceof Uint8Array && data[0] === 0 && (data[1] === 1 || data[1] === 2)) {
        counter.count += 1;
        counter.times?.push(performance.now());
        counter.clocks?.push(ownClock());
      }
      super.send(data, ...rest);
    }
  };
}
