import { readdirSync } from 'node:fs';
import { join } from 'node:path';

/** Journal files live next to LevelDB's files; LevelDB ignores names it did not make. */
const pattern = /^tandem-journal-(\d{12})\.tj$/;

export function journalFileName(number: number): string {
  return `tandem-journal-${String(number).padStart(12, '0')}.tj`;
}

/** The journal files in `dir`, oldest first. */
export function listJournalFiles(dir: string): { number: number; path: string }[] {
  const files: { number: number; path: string }[] = [];
  for (const name of readdirSync(dir)) {
    const match = pattern.exec(name);
    if (match !== null) files.push({ number: Number(match[1]), path: join(dir, name) });
  }
  return files.sort((a, b) => a.number - b.number);
}
