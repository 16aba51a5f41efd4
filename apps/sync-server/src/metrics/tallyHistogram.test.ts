import { Histogram, Registry } from 'prom-client';
import { describe, expect, it } from 'vitest';
import { TallyHistogram } from './tallyHistogram.js';

const buckets = [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.5, 1];

describe('TallyHistogram', () => {
  it("exposes exactly what prom-client's Histogram does for the same observations", async () => {
    const ours = new Registry();
    const reference = new Registry();
    const tally = new TallyHistogram({ name: 'h_seconds', help: 'Latency.', buckets, registers: [ours] });
    const histogram = new Histogram({ name: 'h_seconds', help: 'Latency.', buckets, registers: [reference] });
    // On the bounds (le is inclusive), between them, below the first, above the last, and zero.
    for (const value of [0, 0.0001, 0.0005, 0.0007, 0.001, 0.003, 0.01, 0.2, 1, 3, 250]) {
      tally.observe(value);
      histogram.observe(value);
    }
    expect(await ours.metrics()).toBe(await reference.metrics());
    expect(await ours.metrics()).toContain('h_seconds_bucket{le="0.001"} 5');
    expect(await ours.metrics()).toContain('h_seconds_bucket{le="+Inf"} 11');
    expect(await ours.getMetricsAsJSON()).toEqual(await reference.getMetricsAsJSON());
  });

  it('refuses a value that is not a finite number, like Histogram, and stays unchanged', async () => {
    const ours = new Registry();
    const tally = new TallyHistogram({ name: 'n_seconds', help: 'Bad input.', buckets, registers: [ours] });
    const histogram = new Histogram({ name: 'n_seconds', help: 'Bad input.', buckets, registers: [] });
    tally.observe(0.002);
    const before = await ours.metrics();
    for (const bad of [Number.NaN, Number.POSITIVE_INFINITY]) {
      expect(() => histogram.observe(bad)).toThrow(TypeError);
      expect(() => tally.observe(bad)).toThrow(TypeError);
    }
    expect(await ours.metrics()).toBe(before);
  });

  it('starts at zero and resets to zero, like a fresh Histogram', async () => {
    const ours = new Registry();
    const reference = new Registry();
    const tally = new TallyHistogram({ name: 'z_seconds', help: 'Zero.', buckets, registers: [ours] });
    new Histogram({ name: 'z_seconds', help: 'Zero.', buckets, registers: [reference] });
    expect(await ours.metrics()).toBe(await reference.metrics());
    tally.observe(0.002);
    ours.resetMetrics();
    expect(await ours.metrics()).toBe(await reference.metrics());
  });
});
