import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

/**
 * V8's full garbage collector as a function, without `--expose-gc` on the command line: the flag
 * is set at run time, and a new context (only contexts created after the flag get it) hands out
 * its `gc`. The main context's globals are not touched.
 */
export function exposeGc(): () => void {
  const existing = (globalThis as { gc?: unknown }).gc;
  if (typeof existing === 'function') return existing as () => void;
  setFlagsFromString('--expose-gc');
  const gc: unknown = runInNewContext('gc');
  if (typeof gc !== 'function') throw new Error('V8 did not expose its garbage collector (--expose-gc had no effect)');
  return gc as () => void;
}
