import { setImmediate as nextTurn } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import { exposeGc } from './exposeGc.js';

function weakTarget(): WeakRef<object> {
  return new WeakRef({ payload: new Array(1000).fill(1) });
}

describe('exposeGc', () => {
  it("returns V8's collector, which really collects", async () => {
    const gc = exposeGc();
    const ref = weakTarget();
    // A WeakRef keeps its target alive until the end of the job that created it.
    await nextTurn();
    gc();
    expect(ref.deref()).toBeUndefined();
  });
});
