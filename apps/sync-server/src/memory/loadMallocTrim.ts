import { createRequire } from 'node:module';

/**
 * glibc's `malloc_trim(0)`: returns the free memory inside malloc's heaps to the OS (with
 * `madvise`), not only the free space at their top. Node's buffers, socket reads and LevelDB's
 * memtables live in malloc's heap; after a burst their freed chunks sit between live ones, and
 * glibc only gives back the top of a heap on its own.
 */
export type MallocTrim = () => boolean;

export type MallocTrimSupport = { trim: MallocTrim; unavailable: null } | { trim: null; unavailable: string };

/** The glibc version Node reports for this process, or undefined (not glibc, e.g. musl or not Linux). */
export function glibcVersion(): string | undefined {
  const report = process.report.getReport() as { header?: { glibcVersionRuntime?: string } };
  return report.header?.glibcVersionRuntime;
}

/**
 * `malloc_trim` through koffi's FFI on glibc Linux; elsewhere, why it is not available. Loads koffi
 * synchronously: call it on first need, not on the start-up path.
 */
export function loadMallocTrim(): MallocTrimSupport {
  if (process.platform !== 'linux') return { trim: null, unavailable: `not Linux (${process.platform})` };
  const version = glibcVersion();
  if (version === undefined) return { trim: null, unavailable: 'the C library is not glibc (musl?)' };
  const koffi = createRequire(import.meta.url)('koffi') as typeof import('koffi');
  const libc = koffi.load('libc.so.6');
  const mallocTrim = libc.func('int malloc_trim(size_t pad)') as (pad: number) => number;
  return { trim: () => mallocTrim(0) === 1, unavailable: null };
}
