import { onTestFinished } from 'vitest';

type Teardown = () => unknown | Promise<unknown>;

const fileTeardowns: Teardown[] = [];

/**
 * Runs `fn` after the current test (or, when called outside a test, e.g. in `beforeAll`, after
 * the current test file; see `setup.ts`). Helpers register their own cleanup through this.
 */
export function registerTeardown(fn: Teardown): void {
  try {
    onTestFinished(async () => {
      await fn();
    });
  } catch {
    fileTeardowns.unshift(fn);
  }
}

/** Runs (in reverse registration order) the teardowns registered outside a test. */
export async function runFileTeardowns(): Promise<void> {
  const errors: unknown[] = [];
  for (const fn of fileTeardowns.splice(0)) {
    try {
      await fn();
    } catch (error) {
      errors.push(error);
    }
  }
  if (errors.length > 0) throw new AggregateError(errors, 'file teardown failed');
}
