import { localOrigin } from './benchClient.mjs';

/**
 * Appends `bytes` characters of filler text to a client's Y.Text in transactions of
 * `chunkBytes` (one update each) and waits until the client socket has flushed them all.
 * @param {import('./benchClient.mjs').BenchClient} client
 * @param {number} bytes
 * @param {number} chunkBytes
 * @param {number} timeoutMs
 */
export async function writeText(client, bytes, chunkBytes, timeoutMs) {
  const line = 'The quick brown fox jumps over the lazy dog. ';
  const chunk = line.repeat(Math.ceil(chunkBytes / line.length)).slice(0, chunkBytes);
  const deadline = performance.now() + timeoutMs;
  for (let written = 0; written < bytes; written += chunkBytes) {
    const piece = chunk.slice(0, Math.min(chunkBytes, bytes - written));
    client.doc.transact(() => client.text.insert(client.text.length, piece), localOrigin);
    while (client.bufferedAmount() > 4 * chunkBytes) {
      if (performance.now() > deadline) throw new Error(`writing ${bytes} bytes took over ${timeoutMs} ms`);
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
  }
}
