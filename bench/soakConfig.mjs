/**
 * @typedef {Object} SoakConfig
 * @property {number} cycles connect, edit, disconnect cycles in total
 * @property {number} docs documents the cycles rotate over
 * @property {number} concurrency cycles in flight at once
 * @property {number} editsPerCycle one-character edits per cycle (each one update)
 * @property {number} reportEveryS seconds between progress lines
 * @property {number} capS hard stop, whatever is left
 * @property {number} settleS seconds between the "quiet" and the "idle" reading after the last cycle
 */

/** @type {Readonly<SoakConfig>} */
export const defaultSoakConfig = Object.freeze({
  cycles: 20_000,
  docs: 500,
  concurrency: 20,
  editsPerCycle: 5,
  reportEveryS: 5,
  capS: 900,
  settleS: 10,
});

/** @type {Readonly<SoakConfig>} */
export const quickSoakConfig = Object.freeze({ ...defaultSoakConfig, cycles: 300, docs: 20, reportEveryS: 2, capS: 120, settleS: 2 });

export const soakUsage = `Usage: npm run soak -- [--quick] [--cycles=N] [--docs=N] [--concurrency=N] [--editsPerCycle=N] [--reportEveryS=N] [--capS=N] [--settleS=N] [--no-build]
  A bounded soak of Tandem's sync server: connect, edit, disconnect cycles over many docs,
  printing the server's RSS (and heap, from /metrics when the server has it) at intervals.`;

/**
 * @param {readonly string[]} argv
 * @returns {SoakConfig & { build: boolean }}
 */
export function parseSoakConfig(argv) {
  const config = { ...(argv.includes('--quick') ? quickSoakConfig : defaultSoakConfig), build: true };
  for (const arg of argv) {
    if (arg === '--quick') continue;
    if (arg === '--no-build') {
      config.build = false;
      continue;
    }
    const match = /^--([A-Za-z]+)=(\d+)$/.exec(arg);
    const key = /** @type {keyof SoakConfig | undefined} */ (match?.[1]);
    if (!match || !key || !(key in defaultSoakConfig) || !(Number(match[2]) > 0)) {
      throw new Error(`${arg}: unknown option or not a positive integer\n${soakUsage}`);
    }
    config[key] = Number(match[2]);
  }
  return config;
}
