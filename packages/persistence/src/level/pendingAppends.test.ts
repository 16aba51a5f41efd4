import { describe, expect, it } from 'vitest';
import { updateKey } from './keys.js';
import { PendingRecord } from './pendingAppends.js';

describe('PendingRecord', () => {
  it("builds the update's LevelDB key of its own doc and seq, once", () => {
    const value = Uint8Array.of(1, 2, 3);
    const record = new PendingRecord('notes/Ünïcode', 2 ** 33 + 7, value);
    expect(Buffer.from(record.key).equals(Buffer.from(updateKey('notes/Ünïcode', 2 ** 33 + 7)))).toBe(true);
    expect(record.key).toBe(record.key);
    expect(record.value).toBe(value);
    expect(record.seq).toBe(2 ** 33 + 7);
  });
});
