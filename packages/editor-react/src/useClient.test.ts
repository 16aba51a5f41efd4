import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';

const dist = (file: string) => new URL(`../dist/${file}`, import.meta.url);

describe('the built package', () => {
  it("starts its entry with the 'use client' directive", async () => {
    const entry = await readFile(dist('index.js'), 'utf8').catch((error: NodeJS.ErrnoException) => {
      throw new Error(`dist/index.js is missing (run \`npm run build -w @tandem/editor-react\` first): ${error.message}`);
    });
    expect(entry.split('\n', 1)[0]).toBe("'use client';");
  });

  it('ships its stylesheet with the caret styles', async () => {
    const css = await readFile(dist('styles.css'), 'utf8');
    expect(css).toContain('.collaboration-carets__caret');
    expect(css).toContain('.collaboration-carets__label');
    expect(css).toContain('--tandem-accent');
  });

  it('keeps the server-safe doc-name entry free of the client boundary', async () => {
    const entry = await readFile(dist('docName.js'), 'utf8');
    expect(entry).not.toMatch(/^['"]use client['"]/m);
    const { isValidDocName } = (await import(dist('docName.js').href)) as { isValidDocName: (name: string) => boolean };
    expect(isValidDocName('abc-123')).toBe(true);
    expect(isValidDocName('../etc')).toBe(false);
  });
});
