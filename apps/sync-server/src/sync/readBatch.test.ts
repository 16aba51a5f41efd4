import { describe, expect, it } from 'vitest';
import { ReadBatch } from './readBatch.js';

describe('ReadBatch', () => {
  it('hands the updates added in one synchronous run over once, after it; flush hands over at once', async () => {
    const handed: number[][] = [];
    const batch = new ReadBatch((updates) => handed.push(updates.map((update) => update[0] as number)));
    batch.add(Uint8Array.of(1));
    batch.add(Uint8Array.of(2));
    expect(handed).toEqual([]);
    await Promise.resolve();
    expect(handed).toEqual([[1, 2]]);
    batch.add(Uint8Array.of(3));
    batch.flush();
    expect(handed).toEqual([[1, 2], [3]]);
    await Promise.resolve();
    expect(handed).toHaveLength(2);
  });
});
