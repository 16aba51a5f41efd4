import { fileURLToPath } from 'node:url';

export const repoRoot = fileURLToPath(new URL('../../../', import.meta.url));
export const editorAppDir = fileURLToPath(new URL('../../../apps/editor/', import.meta.url));
/** Failure screenshots land here (gitignored as test-output). */
export const testOutputDir = fileURLToPath(new URL('../../test-output/', import.meta.url));
