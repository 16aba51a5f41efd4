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

  it('takes react, react-dom and yjs from the host app, also through its workspace dependencies', async () => {
    type Manifest = { peerDependencies?: Record<string, string>; dependencies?: Record<string, string>; types?: string };
    const manifest = (path: string) => readFile(new URL(path, import.meta.url), 'utf8').then((text) => JSON.parse(text) as Manifest);
    const own = await manifest('../package.json');
    const shared = ['react', 'react-dom', 'yjs'];
    for (const name of shared) {
      expect(own.peerDependencies?.[name], `${name} is a peer`).toBeDefined();
      expect(own.dependencies?.[name], `${name} is not bundled`).toBeUndefined();
    }
    // A second yjs breaks instanceof checks and sync: the protocol package must not bring its own.
    const protocol = await manifest('../../protocol/package.json');
    expect(own.dependencies?.['@tandem/protocol']).toBeDefined();
    expect(protocol.peerDependencies?.yjs).toBeDefined();
    expect(protocol.dependencies?.yjs).toBeUndefined();
    // ESM with type declarations next to it.
    expect(own.types).toBe('./dist/index.d.ts');
    expect(await readFile(dist('index.d.ts'), 'utf8')).toMatch(/CollaborativeEditor/);
  });
});
