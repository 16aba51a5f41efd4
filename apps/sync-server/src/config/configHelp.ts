import { envName, flagName } from './configNames.js';
import { configKeys, defaultConfig, fieldMeta } from './configSchema.js';
import { describeValue } from './loadConfig.js';

/** The `--help` text: every key with its flag, env variable, default and meaning. */
export function configHelp(): string {
  const lines = configKeys.map(
    (key) =>
      `  ${flagName(key).padEnd(28)} ${envName(key).padEnd(24)} default ${describeValue(defaultConfig[key])}\n      ${fieldMeta(key).description}`,
  );
  return `Usage: tandem-sync-server [flags]   (flags override environment variables)\n\n${lines.join('\n')}\n`;
}
