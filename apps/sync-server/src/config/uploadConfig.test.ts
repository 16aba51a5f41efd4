import { describe, expect, it } from 'vitest';
import { configFromArgv, configFromEnv, defaultConfig, resolveConfig } from './index.js';
import { configProblem } from '../fixtures/configProblem.js';

describe('the image sweep keys of the config', () => {
  it('default to a sweep every 6 hours sparing images uploaded within a day, from env and flags alike', () => {
    expect(defaultConfig).toMatchObject({ uploadSweepIntervalSec: 6 * 3600, uploadGraceSec: 86_400 });
    expect(resolveConfig(configFromEnv({ UPLOAD_SWEEP_INTERVAL_SEC: '0', UPLOAD_GRACE_SEC: '3600' }))).toMatchObject({
      uploadSweepIntervalSec: 0,
      uploadGraceSec: 3600,
    });
    expect(resolveConfig(configFromArgv(['--upload-sweep-interval-sec', '60', '--upload-grace-sec', '120']))).toMatchObject({
      uploadSweepIntervalSec: 60,
      uploadGraceSec: 120,
    });
  });

  it('refuse a grace period under a minute and other bad values, naming the key', () => {
    expect(configProblem({ uploadGraceSec: 5 })).toMatch(/invalid config "uploadGraceSec".*expected an integer 60\.\./);
    expect(configProblem({ uploadSweepIntervalSec: -1 })).toMatch(/invalid config "uploadSweepIntervalSec"/);
    expect(configProblem({ uploadSweepIntervalSec: 1.5 })).toMatch(/invalid config "uploadSweepIntervalSec"/);
  });
});
