import * as z from 'zod';
import { apiFields } from './apiConfig.js';
import { authFields, authProblems } from './authConfig.js';
import { clusterFields } from './clusterConfig.js';
import { historyFields } from './historyConfig.js';
import { type ConfigFieldMeta, configFields } from './configField.js';
import { limitsFields, limitsProblems } from './limitsConfig.js';
import { serverFields } from './serverConfig.js';
import { postgresFields, storeFields } from './storeConfig.js';
import { uploadFields } from './uploadConfig.js';
import { webhookFields, webhookProblems } from './webhookConfig.js';

const { shutdownTimeoutMs, memoryReleaseIdleMs, ...listenFields } = serverFields;
/** In the order of `--help` and the READMEs' tables. */
const fields = {
  ...listenFields,
  ...storeFields,
  ...postgresFields,
  ...clusterFields,
  shutdownTimeoutMs,
  memoryReleaseIdleMs,
  ...authFields,
  ...limitsFields,
  ...apiFields,
  ...historyFields,
  ...uploadFields,
  ...webhookFields,
};

/**
 * The server's whole configuration, one schema: every key's type, range and default (from the
 * parts by concern), then the rules across keys. The typed config, `defaultConfig`, env variable
 * names, flags and `--help` are all generated from it.
 */
export const configSchema = z.strictObject(fields).superRefine((config, ctx) => {
  for (const { key, problem } of [...authProblems(config), ...limitsProblems(config), ...webhookProblems(config)]) {
    ctx.addIssue({ code: 'custom', path: [key], message: problem });
  }
});

export type SyncServerConfig = z.output<typeof configSchema>;
export type ConfigKey = keyof SyncServerConfig;

/** Every key, in the order of `--help` and the README table. */
export const configKeys = Object.keys(fields) as ConfigKey[];

export function isConfigKey(key: string): key is ConfigKey {
  return Object.hasOwn(fields, key);
}

/** The schema of one key (its type, range and default; the rules across keys are `configSchema`'s). */
export function fieldSchema(key: ConfigKey): z.ZodType {
  return fields[key];
}

export function fieldMeta(key: ConfigKey): ConfigFieldMeta {
  const meta = configFields.get(fields[key]);
  if (meta === undefined) throw new Error(`config key ${key} has no meta`);
  return meta;
}

const defaults = configSchema.parse({});

/** Every key at its default (the schema's defaults, checked against its rules); frozen. */
export const defaultConfig: Readonly<SyncServerConfig> = Object.freeze({
  ...defaults,
  allowedOrigins: Object.freeze([...defaults.allowedOrigins]),
});
