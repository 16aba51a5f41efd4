/**
 * Reconnects across clients: each one means a server dropped (or refused) a connection
 * during the run, which a result should never hide.
 * @param {readonly import('./benchClient.mjs').BenchClient[]} clients
 */
export function reconnectsOf(clients) {
  return clients.reduce((sum, client) => sum + client.reconnects(), 0);
}
