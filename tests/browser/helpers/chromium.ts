import { accessSync, constants } from 'node:fs';

export const DEFAULT_CHROMIUM_PATH = '/usr/bin/chromium';

/** Flags for a quiet, headless, sandbox-less Chromium in CI containers. */
export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/**
 * The Chromium to drive (env `CHROMIUM_PATH`, default /usr/bin/chromium), or null when it is
 * missing. Missing Chromium skips the browser suite loudly, unless `TANDEM_REQUIRE_SYSTEM=1`,
 * in which case it is an error.
 */
export function chromiumPath(): string | null {
  const path = process.env.CHROMIUM_PATH || DEFAULT_CHROMIUM_PATH;
  try {
    accessSync(path, constants.X_OK);
    return path;
  } catch {
    if (process.env.TANDEM_REQUIRE_SYSTEM === '1') {
      throw new Error(
        `Chromium is required (TANDEM_REQUIRE_SYSTEM=1) but ${path} is not an executable; install it (apt-get install chromium) or set CHROMIUM_PATH`,
      );
    }
    console.warn(
      `\n⚠️  SKIPPING the browser tests: no Chromium at ${path}. Install Debian's chromium or set CHROMIUM_PATH; set TANDEM_REQUIRE_SYSTEM=1 to make this a failure.\n`,
    );
    return null;
  }
}
