import { describe, expect, it } from 'vitest';
import { SeqWatermark } from './seqWatermark.js';

describe('SeqWatermark', () => {
  it('advances through ranges that arrive in order', () => {
    const mark = new SeqWatermark(4);
    mark.add(5, 7);
    mark.add(8, 8);
    expect(mark.through).toBe(8);
    expect(mark.hasGap).toBe(false);
  });

  it('holds a range past a gap until the gap is filled, then folds it in', () => {
    const mark = new SeqWatermark(0);
    mark.add(4, 6);
    expect(mark.through).toBe(0);
    expect(mark.hasGap).toBe(true);
    expect(mark.highest).toBe(6);
    expect(mark.covers(4, 6)).toBe(true);
    expect(mark.covers(1, 3)).toBe(false);
    mark.add(1, 3);
    expect(mark.through).toBe(6);
    expect(mark.hasGap).toBe(false);
  });

  it('treats numbers at or below the mark as covered, and a merged range overlapping it as progress', () => {
    const mark = new SeqWatermark(10);
    expect(mark.covers(3, 9)).toBe(true);
    mark.add(1, 15);
    expect(mark.through).toBe(15);
    expect(mark.covers(12, 16)).toBe(false);
  });
});
