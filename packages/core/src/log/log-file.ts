import { appendFileSync, renameSync, rmSync, statSync } from 'node:fs';

/** Rotated copies kept beside a rotating log file: `<file>.1` (newest) to `<file>.3` (oldest). */
export const ROTATED_COPIES = 3;

/** How a log file grows. */
export interface LogFileOptions {
  /** Rotate before a write would take the file past `maxBytes` (`--rotatingLogging`). */
  rotate?: boolean;
  /** The size at which to rotate (`--maxLogFileSize`); 0 never rotates. */
  maxBytes?: number;
}

/**
 * An append-only log file (`--logFile`), rotated like Python's RotatingFileHandler when asked: `<file>` becomes
 * `<file>.1`, `.1` becomes `.2`, and so on up to ROTATED_COPIES; the oldest is dropped.
 *
 * Writes are synchronous on purpose: the CLI calls `process.exit` right after its last log line, and an
 * asynchronous stream (pino's transports, rotating-file-stream) would lose what it had buffered. Rotation by size
 * is a stat and a few renames, so it is written here rather than pulled in with such a stream library.
 */
export class LogFile {
  private size: number;

  constructor(
    readonly path: string,
    private readonly options: LogFileOptions = {},
  ) {
    this.size = fileSize(path);
  }

  /** Append one line (or several), rotating first if it would not fit. */
  write(text: string): void {
    const bytes = Buffer.byteLength(text);
    const max = this.options.maxBytes ?? 0;
    // A line larger than the limit still goes in whole, into a fresh file: a log line is never cut.
    if (this.options.rotate && max > 0 && this.size > 0 && this.size + bytes > max) this.rotate();
    appendFileSync(this.path, text);
    this.size += bytes;
  }

  private rotate(): void {
    rmSync(`${this.path}.${ROTATED_COPIES}`, { force: true });
    for (let i = ROTATED_COPIES - 1; i >= 1; i--) renameIfExists(`${this.path}.${i}`, `${this.path}.${i + 1}`);
    renameIfExists(this.path, `${this.path}.1`);
    this.size = 0;
  }
}

function fileSize(path: string): number {
  try {
    return statSync(path).size;
  } catch {
    return 0;
  }
}

function renameIfExists(from: string, to: string): void {
  try {
    renameSync(from, to);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
}
