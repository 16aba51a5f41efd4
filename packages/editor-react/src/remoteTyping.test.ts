import { describe, expect, it } from 'vitest';
import { freshTypists, nextStaleAt, observeTyping } from './remoteTyping.js';

const states = (entries: Array<[number, Record<string, unknown>]>) => new Map(entries);

describe('remote typing', () => {
  it('a flag whose signal stops changing goes stale after staleMs, by the receiver’s clock', () => {
    let sightings = observeTyping(new Map(), states([[7, { typing: true, typingSignal: 0 }]]), 1000);
    expect([...freshTypists(sightings, 5999, 5000)]).toEqual([7]);
    expect(nextStaleAt(sightings, 1000, 5000)).toBe(6000);
    // An unrelated awareness change (a caret moved) with the same signal does not refresh it.
    sightings = observeTyping(sightings, states([[7, { typing: true, typingSignal: 0, cursor: 3 }]]), 4000);
    expect([...freshTypists(sightings, 6000, 5000)]).toEqual([]);
    expect(nextStaleAt(sightings, 6000, 5000)).toBeNull();
  });

  it('a new signal keeps it fresh; typing false or a client gone drops it', () => {
    let sightings = observeTyping(
      new Map(),
      states([
        [7, { typing: true, typingSignal: 0 }],
        [8, { typing: true }],
      ]),
      0,
    );
    sightings = observeTyping(
      sightings,
      states([
        [7, { typing: true, typingSignal: 1 }],
        [8, { typing: true }],
      ]),
      4000,
    );
    expect([...freshTypists(sightings, 8000, 5000)]).toEqual([7]);
    expect(nextStaleAt(sightings, 4500, 5000)).toBe(5000);
    sightings = observeTyping(sightings, states([[7, { typing: false, typingSignal: 1 }]]), 8500);
    expect(sightings.size).toBe(0);
    // Typing again with the old signal is a new sighting.
    sightings = observeTyping(sightings, states([[7, { typing: true, typingSignal: 1 }]]), 9000);
    expect(sightings.get(7)?.seenAt).toBe(9000);
  });
});
