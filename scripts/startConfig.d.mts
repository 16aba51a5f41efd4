import type { ZodType } from 'zod';

export interface StartConfig {
  syncPort: number;
  webPort: number;
  host: string;
  publicUrl: string | null;
  dataDir: string;
  openMode: boolean;
  authSecret: string | null;
  allowedOrigins: string | null;
  trustedProxyHops: number;
  syncUrl: string;
}

/** Every setting by environment variable, with its schema and meaning (the README table's source). */
export const startSettings: Record<string, { schema: ZodType; meaning: string }>;
export const startDefaults: Readonly<{ syncPort: number; webPort: number; dataDir: string; syncPath: string; trustedProxyHops: number }>;
export function isLoopback(host: string): boolean;
/** The settings of `npm start` from `env`; throws `invalid setting NAME: why`. */
export function readStartConfig(env: Readonly<Record<string, string | undefined>>, root: string): StartConfig;
