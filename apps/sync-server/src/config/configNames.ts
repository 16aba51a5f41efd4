/** A config key's environment variable, generated from its name: `maxDocBytes` → `MAX_DOC_BYTES`. */
export function envName(key: string): string {
  return key.replace(/[A-Z]/g, (letter) => `_${letter}`).toUpperCase();
}

/** A config key's CLI flag, generated from its name: `maxDocBytes` → `--max-doc-bytes`. */
export function flagName(key: string): string {
  return `--${key.replace(/[A-Z]/g, (letter) => `-${letter.toLowerCase()}`)}`;
}
