/**
 * Records the synchronous file writes (writeFileSync, mkdirSync) a batch system makes, for tests that check
 * submission never blocks the leader's event loop on disk I/O.
 *
 * It is its own package entry (`@toil/batch-grid/testing/sync-fs-writes`), not part of the main one, because it is
 * loaded from inside a `vi.mock('node:fs', ...)` factory: the main entry imports node:fs itself, which would ask
 * for the mock while it is still being built, and the test hangs. So this module must not import node:fs (or
 * anything that does) at run time; the type import below is erased.
 *
 * @example
 * const blocking = vi.hoisted(() => [] as string[]);
 * vi.mock('node:fs', async (importOriginal) =>
 *   (await import('@toil/batch-grid/testing/sync-fs-writes')).recordSyncWrites(await importOriginal<typeof
 * import('node:fs')>(), blocking));
 */
import type * as NodeFs from 'node:fs';

/**
 * `fs` with writeFileSync and mkdirSync wrapped: each call is appended to `calls` as "writeFileSync <path>" or
 * "mkdirSync <path>", then done for real, so the code under test still finds its files.
 */
export function recordSyncWrites(fs: typeof NodeFs, calls: string[]): typeof NodeFs {
  return {
    ...fs,
    writeFileSync: (...args: Parameters<typeof fs.writeFileSync>) => (
      calls.push(`writeFileSync ${String(args[0])}`),
      fs.writeFileSync(...args)
    ),
    mkdirSync: ((...args: Parameters<typeof fs.mkdirSync>) => (
      calls.push(`mkdirSync ${String(args[0])}`),
      fs.mkdirSync(...args)
    )) as typeof fs.mkdirSync,
  };
}
