import { afterEach, describe, expect, it, vi } from 'vitest';
import { type MemoryRelease, MemoryReleaser, type MemoryReleaserOptions } from './MemoryReleaser.js';

const MiB = 1024 * 1024;

/**
 * The release policy on a fast clock (checks every 5 ms), with the process parts it drives
 * (GC, trim, RSS, loop utilization) replaced by recorders: what is under test is when it acts.
 */
function harness(overrides: Partial<MemoryReleaserOptions> = {}) {
  const state = {
    rss: 100 * MiB,
    young: 1 * MiB,
    utilization: 0,
    checks: 0,
    calls: [] as string[],
    releases: [] as MemoryRelease[],
    errors: [] as unknown[],
  };
  const releaser = new MemoryReleaser({
    idleMs: 20,
    checkIntervalMs: 5,
    youngGenerationDelayMs: 60,
    gc: () => {
      state.calls.push('gc');
      state.rss -= 10 * MiB;
    },
    trim: () => {
      state.calls.push('trim');
      state.rss -= 5 * MiB;
      return true;
    },
    rss: () => state.rss,
    youngGenerationBytes: () => state.young,
    loopUtilization: () => {
      state.checks += 1;
      return state.utilization;
    },
    onRelease: (release) => state.releases.push(release),
    onError: (error) => state.errors.push(error),
    footprintMode: (on) => state.calls.push(on ? 'footprint on' : 'footprint off'),
    ...overrides,
  });
  return { state, releaser };
}

let stopAll: (() => void)[] = [];
afterEach(() => {
  for (const stop of stopAll) stop();
  stopAll = [];
});

function start(overrides: Partial<MemoryReleaserOptions> = {}) {
  const h = harness(overrides);
  stopAll.push(() => h.releaser.stop());
  return h;
}

/** Lets `n` more checks run. */
async function checks(state: { checks: number }, n: number) {
  const target = state.checks + n;
  await vi.waitFor(() => expect(state.checks).toBeGreaterThanOrEqual(target), { timeout: 5000, interval: 2 });
}

describe('MemoryReleaser', () => {
  it('after growth and an idle loop: a trim, reported as the burst release', async () => {
    const { state } = start();
    state.rss += 40 * MiB;
    await vi.waitFor(() => expect(state.releases).toHaveLength(1), { timeout: 5000, interval: 2 });
    expect(state.calls[0]).toBe('trim');
    expect(state.releases[0]).toMatchObject({ stage: 'burst', rssBefore: 140 * MiB, rssAfter: 135 * MiB, trimmed: true });
  });

  it('then a GC and, a check later, a trim once the server stayed idle for the young-generation delay', async () => {
    const { state } = start();
    state.rss += 40 * MiB;
    await vi.waitFor(() => expect(state.releases.map((r) => r.stage)).toEqual(['burst', 'young-generation']), {
      timeout: 5000,
      interval: 2,
    });
    expect(state.calls).toEqual(['trim', 'gc', 'trim']);
    expect(state.releases[1]).toMatchObject({ rssBefore: 135 * MiB, rssAfter: 120 * MiB });
    // Nothing more without new growth.
    await checks(state, 30);
    expect(state.calls).toHaveLength(3);
  });

  it("a grown young generation: V8's memory-saving mode from the burst release until V8 shrank it, then the follow-up", async () => {
    const { state } = start({ youngGenerationDelayMs: 10_000 });
    state.rss += 40 * MiB;
    state.young = 32 * MiB;
    await vi.waitFor(() => expect(state.releases).toHaveLength(1), { timeout: 5000, interval: 2 });
    await checks(state, 5);
    expect(state.calls).toEqual(['footprint on', 'trim']);
    // V8's memory reducer ran: the follow-up comes at once, long before its 10 s delay.
    state.young = 1 * MiB;
    await vi.waitFor(() => expect(state.releases).toHaveLength(2), { timeout: 5000, interval: 2 });
    expect(state.calls).toEqual(['footprint on', 'trim', 'footprint off', 'gc', 'trim']);
  });

  it('a young generation that does not shrink: the follow-up after the delay, the mode stays on while idle', async () => {
    const { state } = start();
    state.rss += 40 * MiB;
    state.young = 32 * MiB;
    await vi.waitFor(() => expect(state.releases).toHaveLength(2), { timeout: 5000, interval: 2 });
    expect(state.calls).toEqual(['footprint on', 'trim', 'gc', 'trim']);
  });

  it('document traffic ends the memory-saving mode at once; the follow-up waits for idle again', async () => {
    let frames = 0;
    const { state } = start({ activity: () => frames });
    state.rss += 40 * MiB;
    state.young = 32 * MiB;
    await vi.waitFor(() => expect(state.releases).toHaveLength(1), { timeout: 5000, interval: 2 });
    frames += 1;
    await vi.waitFor(() => expect(state.calls).toContain('footprint off'), { timeout: 5000, interval: 2 });
    expect(state.calls).toEqual(['footprint on', 'trim', 'footprint off']);
    await vi.waitFor(() => expect(state.releases).toHaveLength(2), { timeout: 5000, interval: 2 });
    expect(state.releases[1]?.stage).toBe('young-generation');
  });

  it('a busy loop without document traffic leaves the memory-saving mode on (a release itself is busy)', async () => {
    const { state } = start({ youngGenerationDelayMs: 10_000 });
    state.rss += 40 * MiB;
    state.young = 32 * MiB;
    await vi.waitFor(() => expect(state.releases).toHaveLength(1), { timeout: 5000, interval: 2 });
    state.utilization = 0.5;
    await checks(state, 10);
    expect(state.calls).toEqual(['footprint on', 'trim']);
  });

  it('stop() ends the memory-saving mode', async () => {
    const { state, releaser } = start({ youngGenerationDelayMs: 10_000 });
    state.rss += 40 * MiB;
    state.young = 32 * MiB;
    await vi.waitFor(() => expect(state.releases).toHaveLength(1), { timeout: 5000, interval: 2 });
    releaser.stop();
    expect(state.calls).toEqual(['footprint on', 'trim', 'footprint off']);
  });

  it('does nothing while the loop is busy, however much RSS grew', async () => {
    const { state } = start();
    state.utilization = 0.5;
    state.rss += 400 * MiB;
    await checks(state, 30);
    expect(state.calls).toEqual([]);
    state.utilization = 0;
    await vi.waitFor(() => expect(state.releases).toHaveLength(1), { timeout: 5000, interval: 2 });
  });

  it('does nothing while documents keep changing, even with a quiet loop', async () => {
    let frames = 0;
    const { state } = start({ activity: () => frames++ });
    state.rss += 400 * MiB;
    await checks(state, 30);
    expect(state.calls).toEqual([]);
  });

  it('does nothing without growth: under 8 MiB, or under 10% of the last baseline', async () => {
    const { state } = start();
    state.rss += 7 * MiB;
    await checks(state, 30);
    expect(state.calls).toEqual([]);
    // 107 MiB: 9 more is above 8 MiB but under 10% of 107.
    state.rss += 2 * MiB;
    await checks(state, 30);
    expect(state.calls).toEqual([]);
    state.rss += 4 * MiB;
    await vi.waitFor(() => expect(state.releases).toHaveLength(1), { timeout: 5000, interval: 2 });
  });

  it('runs the GC alone where there is no malloc_trim', async () => {
    const { state } = start({ trim: null });
    state.rss += 40 * MiB;
    await vi.waitFor(() => expect(state.releases).toHaveLength(1), { timeout: 5000, interval: 2 });
    await vi.waitFor(() => expect(state.releases).toHaveLength(2), { timeout: 5000, interval: 2 });
    expect(state.calls).toEqual(['gc']);
    expect(state.releases[0]).toMatchObject({ trimmed: false, rssAfter: 140 * MiB });
    expect(state.releases[1]).toMatchObject({ trimmed: false, rssAfter: 130 * MiB });
  });

  it('a check that throws (RSS unreadable: EMFILE) is reported, not thrown out of the timer, and the next checks go on', async () => {
    const emfile = Object.assign(new Error('EMFILE: too many open files, uv_resident_set_memory'), { code: 'EMFILE' });
    let failing = false;
    let rss = 100 * MiB;
    const { state } = start({
      rss: () => {
        if (failing) throw emfile;
        return rss;
      },
    });
    failing = true;
    rss += 40 * MiB;
    // Without the report, the first failing read would be an uncaught exception (vitest fails the run).
    await vi.waitFor(() => expect(state.errors.length).toBeGreaterThanOrEqual(3), { timeout: 5000, interval: 2 });
    expect(state.errors[0]).toBe(emfile);
    expect(state.releases).toEqual([]);
    failing = false;
    await vi.waitFor(() => expect(state.releases).toHaveLength(1), { timeout: 5000, interval: 2 });
    expect(state.releases[0]).toMatchObject({ stage: 'burst', rssBefore: 140 * MiB });
  });

  it('stop() ends the checks', async () => {
    const { state, releaser } = start();
    await checks(state, 2);
    releaser.stop();
    const seen = state.checks;
    state.rss += 40 * MiB;
    // A second releaser on the same clock shows that time did pass.
    const other = start();
    await checks(other.state, 20);
    expect(state.checks).toBe(seen);
    expect(state.calls).toEqual([]);
  });
});
