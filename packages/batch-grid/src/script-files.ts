import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

/**
 * Executable job scripts in one directory, for schedulers that take a script file rather than stdin (HTCondor's
 * executable, Parasol's command line). Written with fs/promises: the leader submits thousands of jobs, and a
 * synchronous write per job on a slow shared file system would stall its event loop (job updates, the job store,
 * the metrics endpoint) for the whole burst. The directory is created once, not once per job.
 */
export class ScriptFiles {
  private made: Promise<unknown> | undefined;

  constructor(readonly dir: string) {}

  /** Write `script` to `<dir>/<name>`, executable, and resolve with its path. */
  async write(name: string, script: string): Promise<string> {
    // A failed mkdir is forgotten, so that the next job tries again (the disk may have been freed meanwhile).
    this.made ??= mkdir(this.dir, { recursive: true, mode: 0o700 }).catch((error: unknown) => {
      this.made = undefined;
      throw error;
    });
    await this.made;
    const path = join(this.dir, name);
    await writeFile(path, script, { mode: 0o755 });
    return path;
  }
}
