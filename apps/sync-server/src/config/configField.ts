import * as z from 'zod';

/** What the config readers, `--help` and errors know about a key besides its schema and default. */
export interface ConfigFieldMeta {
  description: string;
  /** A valid value, for error messages: "an integer 0..65535". */
  expected: string;
  /** The value an env variable's or flag's text stands for, for the schema to check. */
  fromText: (raw: string) => unknown;
  /** A boolean flag: alone (`--fsync`) it means true. */
  bare?: boolean;
  /** An empty env variable counts as set (and fails) instead of unset: the auth key sources. */
  emptyIsSet?: boolean;
  /** Never print the value (logs, errors). */
  secret?: boolean;
}

/** Every config key's schema is registered here with its meta. */
export const configFields = z.registry<ConfigFieldMeta>();

/** A kind of value: its schema, how errors describe it, how env/flag text becomes one. */
export interface ConfigType<S extends z.ZodType> {
  schema: S;
  expected: string;
  fromText: (raw: string) => unknown;
  bare?: boolean;
}

/** Digits (or Infinity) become a number; anything else stays text, for the schema to reject. */
function numberText(raw: string): unknown {
  const text = raw.trim();
  if (text === 'Infinity') return Number.POSITIVE_INFINITY;
  return /^-?\d+(\.\d+)?$/.test(text) ? Number(text) : raw;
}

function booleanText(raw: string): unknown {
  const text = raw.trim().toLowerCase();
  if (['1', 'true', 'yes', 'on'].includes(text)) return true;
  if (['0', 'false', 'no', 'off'].includes(text)) return false;
  return raw;
}

export const integer = (min: number, max = Number.MAX_SAFE_INTEGER): ConfigType<z.ZodInt> => ({
  schema: z.int().min(min).max(max),
  expected: max === Number.MAX_SAFE_INTEGER ? `an integer >= ${min}` : `an integer ${min}..${max}`,
  fromText: numberText,
});

/** A count that may be switched off with Infinity. */
export const threshold = (min: number) => ({
  schema: z.union([z.int().min(min), z.literal(Number.POSITIVE_INFINITY)]),
  expected: `an integer >= ${min} or Infinity`,
  fromText: numberText,
});

export const seconds = (min: number, max: number): ConfigType<z.ZodNumber> => ({
  schema: z.number().min(min).max(max),
  expected: `a number of seconds from ${min} to ${max}`,
  fromText: numberText,
});

export const boolean = (): ConfigType<z.ZodBoolean> => ({
  schema: z.boolean(),
  expected: 'a boolean (true/false/1/0)',
  fromText: booleanText,
  bare: true,
});

/** Text with something in it besides spaces; `trim` drops surrounding spaces. */
export const text = (options: { trim?: boolean } = {}) => ({
  schema: (options.trim === true ? z.string().trim() : z.string()).regex(/\S/),
  expected: 'a non-empty string',
  fromText: (raw: string) => raw,
});

/** Optional text that must match `pattern` when set (null: unset). */
export const optionalText = (pattern: RegExp, expected: string): ConfigType<z.ZodNullable<z.ZodString>> => ({
  schema: z.string().trim().regex(pattern, `must be ${expected}`).nullable(),
  expected: `${expected}, or null for none`,
  fromText: (raw) => raw,
});

export const oneOf = <const T extends readonly [string, ...string[]]>(values: T) => ({
  schema: z.enum(values),
  expected: `one of ${values.join(', ')}`,
  fromText: (raw: string) => raw.trim().toLowerCase(),
});

/** A key of the config: its kind, default and meaning, registered with its meta. */
export function field<S extends z.ZodType>(
  type: ConfigType<S>,
  defaultValue: z.util.NoUndefined<z.output<S>>,
  description: string,
  options: Pick<ConfigFieldMeta, 'emptyIsSet' | 'secret'> = {},
) {
  const meta: ConfigFieldMeta = { description, expected: type.expected, fromText: type.fromText, ...options };
  if (type.bare === true) meta.bare = true;
  const schema = type.schema.default(defaultValue);
  configFields.add(schema as z.ZodType, meta);
  return schema;
}
