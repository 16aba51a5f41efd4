import WebSocket from 'ws';

/**
 * A `ws` WebSocket class for the y-websocket provider's `WebSocketPolyfill` that counts the
 * update-bearing frames it sends (sync step 2 `[0, 1, ...]` and sync update `[0, 2, ...]`),
 * exactly what Tandem's durable ack counts, and remembers the socket it opened.
 * @param {import('./benchClient.mjs').UpdateCounter} counter
 * @param {{ socket: WebSocket | null }} holder
 */
export function countingWebSocket(counter, holder) {
  return class CountingWebSocket extends WebSocket {
    /** @param {ConstructorParameters<typeof WebSocket>} args */
    constructor(...args) {
      super(...args);
      holder.socket = this;
    }

    /** @param {any} data @param {any[]} rest */
    send(data, ...rest) {
      if (data instanceof Uint8Array && data[0] === 0 && (data[1] === 1 || data[1] === 2)) {
        counter.count += 1;
        counter.times?.push(performance.now());
      }
      super.send(data, ...rest);
    }
  };
}
