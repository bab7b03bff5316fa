/**
 * The shape of a standard library function and what it may use of its surroundings.
 */
import type { SourcePos } from '../errors.js';
import type { WdlValue } from '../values.js';

/** Where a function runs: files are read relative to `cwd`, and `write_*` create files in `writeDir`. */
export interface StdlibContext {
  /** Directory relative paths (and glob patterns) are resolved against. */
  readonly cwd: string;
  /** Directory that `write_*` functions create their files in. */
  readonly writeDir: string;
  /** The task's stdout file, once its command has run (output section only). */
  readonly stdout?: string;
  /** The task's stderr file, once its command has run. */
  readonly stderr?: string;
  /** The document's WDL version (`draft-2`, `1.0`, `1.1`). */
  readonly version: string;
  /**
   * Where to read a File or Directory whose path does not exist on this node (a job on a node without the disk
   * that made it): a local copy of its job-store copy, or undefined to read the path as it is. Absent where every
   * path is local (tasks localise their inputs before they run).
   */
  readonly localPath?: (value: Extract<WdlValue, { t: 'file' | 'dir' }>) => string | undefined;
}

/** A function of the standard library. */
export type StdlibFn = (args: WdlValue[], ctx: StdlibContext, pos: SourcePos) => WdlValue;

/** Functions by name. */
export type StdlibTable = Record<string, StdlibFn>;
