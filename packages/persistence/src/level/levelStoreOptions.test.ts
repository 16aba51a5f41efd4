import { describe, expect, it } from 'vitest';
import { defaultLevelStoreOptions, resolveLevelStoreOptions } from './levelStoreOptions.js';
import { StoreError } from '../storeError.js';

describe('resolveLevelStoreOptions', () => {
  it('fills in the exported defaults', () => {
    expect(defaultLevelStoreOptions).toEqual({
      compactAfterUpdates: 500,
      compactAfterBytes: 1024 * 1024,
      sync: false,
      onBackgroundError: null,
      onCompaction: null,
      checkpointIntervalMs: 1000,
      maxJournalBytes: 16 * 1024 * 1024,
      reclaimDiskAfterMs: 1000,
    });
    expect(resolveLevelStoreOptions({ dir: '/tmp/x' })).toEqual({ dir: '/tmp/x', ...defaultLevelStoreOptions });
    expect(resolveLevelStoreOptions({ dir: '/tmp/x', compactAfterUpdates: undefined }).compactAfterUpdates).toBe(500);
  });

  it('accepts valid overrides, Infinity disables a threshold', () => {
    const handler = (): void => {};
    expect(
      resolveLevelStoreOptions({
        dir: 'data',
        compactAfterUpdates: Number.POSITIVE_INFINITY,
        compactAfterBytes: 10,
        sync: true,
        onBackgroundError: handler,
        onCompaction: handler,
        checkpointIntervalMs: 50,
        maxJournalBytes: 4096,
        reclaimDiskAfterMs: Number.POSITIVE_INFINITY,
      }),
    ).toEqual({
      dir: 'data',
      compactAfterUpdates: Number.POSITIVE_INFINITY,
      compactAfterBytes: 10,
      sync: true,
      onBackgroundError: handler,
      onCompaction: handler,
      checkpointIntervalMs: 50,
      maxJournalBytes: 4096,
      reclaimDiskAfterMs: Number.POSITIVE_INFINITY,
    });
  });

  const bad: [string, Record<string, unknown>][] = [
    ['dir', {}],
    ['dir', { dir: '' }],
    ['dir', { dir: 42 }],
    ['compactAfterUpdates', { dir: 'd', compactAfterUpdates: 1 }],
    ['compactAfterUpdates', { dir: 'd', compactAfterUpdates: 2.5 }],
    ['compactAfterUpdates', { dir: 'd', compactAfterUpdates: '500' }],
    ['compactAfterUpdates', { dir: 'd', compactAfterUpdates: Number.NaN }],
    ['compactAfterBytes', { dir: 'd', compactAfterBytes: 0 }],
    ['compactAfterBytes', { dir: 'd', compactAfterBytes: -5 }],
    ['sync', { dir: 'd', sync: 'yes' }],
    ['onBackgroundError', { dir: 'd', onBackgroundError: 'log' }],
    ['onCompaction', { dir: 'd', onCompaction: 42 }],
    ['checkpointIntervalMs', { dir: 'd', checkpointIntervalMs: 0 }],
    ['maxJournalBytes', { dir: 'd', maxJournalBytes: 10 }],
    ['reclaimDiskAfterMs', { dir: 'd', reclaimDiskAfterMs: -1 }],
    ['reclaimDiskAfterMs', { dir: 'd', reclaimDiskAfterMs: 1.5 }],
    ['compactAfterUpdate', { dir: 'd', compactAfterUpdate: 10 }],
  ];
  it.each(bad)('rejects a bad %s, naming the key', (key, input) => {
    expect(() => resolveLevelStoreOptions(input as never)).toThrow(StoreError);
    expect(() => resolveLevelStoreOptions(input as never)).toThrow(`"${key}"`);
  });
});
