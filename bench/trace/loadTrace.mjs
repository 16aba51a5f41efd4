import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gunzipSync } from 'node:zlib';

const repoRoot = fileURLToPath(new URL('../../', import.meta.url));

/** `TRACE_PATH`, else `../shared/traces/automerge-paper.json.gz` relative to the repository root. */
export function tracePath(env = process.env) {
  return env.TRACE_PATH ? resolve(env.TRACE_PATH) : resolve(repoRoot, '../shared/traces/automerge-paper.json.gz');
}

/**
 * @typedef {[position: number, deleteCount: number, insert: string]} Patch
 * @typedef {{ patches: Patch[] }} Txn
 * @typedef {{ startContent: string, endContent: string, txns: Txn[] }} EditingTrace
 */

/**
 * Applies patches to a string (used only to know the expected text of a trace prefix).
 * @param {string} text
 * @param {readonly Txn[]} txns
 */
function applyToString(text, txns) {
  let result = text;
  for (const { patches } of txns) {
    for (const [position, deleteCount, insert] of patches) {
      result = result.slice(0, position) + insert + result.slice(position + deleteCount);
    }
  }
  return result;
}

/**
 * Loads a josephg/editing-traces file (`{startContent, endContent, txns: [{patches: [[pos, del, insert]]}]}`,
 * optionally gzipped) and keeps its first `limit` transactions; `expected` is the text after them.
 * @param {string} path
 * @param {number} [limit]
 * @returns {{ startContent: string, txns: Txn[], expected: string, total: number }}
 */
export function loadTrace(path, limit = Number.POSITIVE_INFINITY) {
  if (!existsSync(path)) throw new Error(`editing trace not found at ${path} (set TRACE_PATH)`);
  const raw = readFileSync(path);
  /** @type {EditingTrace} */
  const trace = JSON.parse((path.endsWith('.gz') ? gunzipSync(raw) : raw).toString('utf8'));
  if (typeof trace.startContent !== 'string' || typeof trace.endContent !== 'string' || !Array.isArray(trace.txns)) {
    throw new Error(`${path} is not an editing trace: expected {startContent, endContent, txns}`);
  }
  const txns = trace.txns.slice(0, Math.min(limit, trace.txns.length));
  const expected = txns.length === trace.txns.length ? trace.endContent : applyToString(trace.startContent, txns);
  return { startContent: trace.startContent, txns, expected, total: trace.txns.length };
}
