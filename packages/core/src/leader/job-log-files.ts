import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { gzip } from 'node:zlib';
import type { WorkflowConfig } from '../options/config.js';

const gzipAsync = promisify(gzip);

/** Longest piece of a job name kept in a file name (file systems allow 255 bytes in all). */
const MAX_NAME_CHARS = 100;

/** A job whose log is written. */
export interface LoggedJob {
  id: string;
  /** The job's display name. */
  name: string;
}

/**
 * Toil's `--writeLogs DIR` / `--writeLogsGzip DIR`: the leader writes every job log it receives into its own file
 * in DIR, named `[failed_]<job name>_<job ID>_<n>.log` (`.log.gz`, gzipped, with --writeLogsGzip). The name and ID
 * keep only letters, digits, `.`, `_` and `-` (anything else becomes `_`), so any job name gives a valid file
 * name; `n` counts from 000 so each attempt of a retried job keeps its own file. Toil names them after the job's
 * name and ID the same way; the ID matters because display names repeat (a fan-out's jobs all share one).
 */
export class JobLogFiles {
  private ready: Promise<unknown> | undefined;

  private constructor(
    readonly dir: string,
    private readonly gzipped: boolean,
  ) {}

  /** The writer the config asks for, or undefined without --writeLogs/--writeLogsGzip. */
  static fromConfig(config: Pick<WorkflowConfig, 'writeLogs' | 'writeLogsGzip'>): JobLogFiles | undefined {
    if (config.writeLogs !== undefined) return new JobLogFiles(config.writeLogs, false);
    if (config.writeLogsGzip !== undefined) return new JobLogFiles(config.writeLogsGzip, true);
    return undefined;
  }

  /** Write one job's log; resolves to the file's path. */
  async write(job: LoggedJob, text: string, failed: boolean): Promise<string> {
    this.ready ??= mkdir(this.dir, { recursive: true, mode: 0o700 });
    await this.ready;
    const data = this.gzipped ? await gzipAsync(text) : Buffer.from(text, 'utf8');
    const stem = `${failed ? 'failed_' : ''}${safe(job.name).slice(0, MAX_NAME_CHARS)}_${safe(job.id)}`;
    const extension = this.gzipped ? '.log.gz' : '.log';
    for (let n = 0; ; n++) {
      const path = join(this.dir, `${stem}_${String(n).padStart(3, '0')}${extension}`);
      try {
        // 'wx' fails if the file exists: the next free number is found without a race between two writes.
        await writeFile(path, data, { flag: 'wx' });
        return path;
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      }
    }
  }
}

/** A file-name-safe form of a job name or ID. */
function safe(text: string): string {
  return text.replace(/[^A-Za-z0-9._-]+/g, '_').replace(/^\.+/, '_') || '_';
}
