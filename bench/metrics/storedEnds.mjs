import * as Y from 'yjs';

/**
 * How far the store holds each client's edits: for each Yjs client id, the clock up to which the doc
 * the store returns has integrated that client's structs (0 when nothing is stored). Edits are
 * numbered by their first clock, so an edit is stored exactly when its first clock is below this.
 * @param {import('../servers/deployment.mjs').Deployment} running
 * @param {string} docName
 * @param {readonly number[]} clientIds
 * @returns {Promise<Map<number, number>>}
 */
export async function storedEnds(running, docName, clientIds) {
  if (!running.storedUpdate) throw new Error('this server exposes no store to read');
  const update = await running.storedUpdate(docName);
  const doc = new Y.Doc();
  try {
    if (update !== null) Y.applyUpdate(doc, update);
    return new Map(clientIds.map((id) => [id, Y.getState(doc.store, id)]));
  } finally {
    doc.destroy();
  }
}
