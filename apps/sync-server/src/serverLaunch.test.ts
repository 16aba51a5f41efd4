import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { serverEnvironment, serverLaunch, serverNodeOptions } from './serverLaunch.js';

describe('serverLaunch', () => {
  it('starts the CLI with the Node options first and the malloc setting added to the environment', () => {
    const launch = serverLaunch(['--port', '0'], { PATH: '/bin' });
    expect(launch.args.slice(0, serverNodeOptions.length)).toEqual([...serverNodeOptions]);
    expect(launch.args[serverNodeOptions.length]).toMatch(/cli\.js$/);
    expect(launch.args.slice(-2)).toEqual(['--port', '0']);
    expect(launch.env).toEqual({ PATH: '/bin', ...serverEnvironment });
  });

  it("keeps the user's own values", () => {
    const launch = serverLaunch([], { MALLOC_MMAP_THRESHOLD_: '131072', NODE_OPTIONS: '--max-semi-space-size=8' });
    expect(launch.env.MALLOC_MMAP_THRESHOLD_).toBe('131072');
    expect(launch.args.some((arg) => arg.startsWith('--max-semi-space-size'))).toBe(false);
  });

  it('gives Node options that this Node accepts (and that take effect: a 1 MiB semi-space)', () => {
    const probe = spawnSync(
      process.execPath,
      [...serverNodeOptions, '-e', "process.stdout.write(String(require('v8').getHeapSpaceStatistics().find((s) => s.space_name === 'new_space').space_size))"],
      { encoding: 'utf8' },
    );
    expect(probe.stderr).toBe('');
    expect(probe.status).toBe(0);
    // Two semi-spaces of at most 1 MiB each (Node's default lets each grow to 16 MiB).
    expect(Number(probe.stdout)).toBeLessThanOrEqual(2 * 1024 * 1024);
  });
});
