const FILE_ID = Symbol.for('toil.FileID');

/**
 * A job-store file reference as jobs see it: the ID plus the size and executable bit known when the file was
 * written. Passed between jobs as arguments and return values (the codec carries it).
 */
export class FileID {
  readonly [FILE_ID] = true;

  constructor(
    /** Job-store file ID. */
    readonly id: string,
    /** Size in bytes when written; -1 if unknown. */
    readonly size: number = -1,
    /** Whether the file is executable. */
    readonly executable: boolean = false,
  ) {}

  /** Cross-realm check (a bundled workflow may carry its own copy of this class). */
  static is(value: unknown): value is FileID {
    return typeof value === 'object' && value !== null && (value as Record<symbol, unknown>)[FILE_ID] === true;
  }

  toString(): string {
    return this.id;
  }
}

/** Accepts a FileID or a bare ID string. */
export type FileIdLike = FileID | string;

/** The ID string of a FileID or string. */
export function fileIdString(value: FileIdLike): string {
  return typeof value === 'string' ? value : value.id;
}
