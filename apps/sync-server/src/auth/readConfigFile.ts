import { readFile } from 'node:fs/promises';
import { ConfigError } from '../config/configError.js';

/** Read a key file named by config `key`; a missing or unreadable file is an error naming the key. */
export async function readConfigFile(key: string, path: string): Promise<string> {
  try {
    return await readFile(path, 'utf8');
  } catch (cause) {
    const code = (cause as NodeJS.ErrnoException).code ?? 'read error';
    throw ConfigError.invalid(key, `cannot read ${JSON.stringify(path)} (${code})`, { cause });
  }
}
