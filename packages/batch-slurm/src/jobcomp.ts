import { open } from 'node:fs/promises';
import { parseScontrol, type SlurmRow } from './slurm-parse.js';
import { isEndedState } from './slurm-states.js';

/** Read at most this much of the end of the completion log: recent jobs are at the end, and the file only grows. */
const TAIL_BYTES = 8 * 1024 * 1024;

/** `JobCompType` and `JobCompLoc` from `scontrol show config` output. */
export function jobcompLocation(config: string): string | undefined {
  const type = /^JobCompType\s*=\s*(\S+)/m.exec(config)?.[1];
  const loc = /^JobCompLoc\s*=\s*(\S+)/m.exec(config)?.[1];
  return type === 'jobcomp/filetxt' && loc ? loc : undefined;
}

/**
 * Ended jobs from Slurm's job completion log (`JobCompType=jobcomp/filetxt`): one `Key=Value` line per finished
 * job, the same shape as `scontrol -o show job`. The last resort for exit codes when accounting is off and
 * slurmctld has already purged a job (MinJobAge); only readable where the log is (the controller's host, or a
 * shared file system). Returns nothing when the file cannot be read.
 */
export async function readJobcomp(path: string, ids: readonly string[]): Promise<SlurmRow[]> {
  let handle;
  try {
    handle = await open(path, 'r');
  } catch {
    return [];
  }
  try {
    const { size } = await handle.stat();
    const length = Math.min(size, TAIL_BYTES);
    const buffer = Buffer.alloc(length);
    await handle.read(buffer, 0, length, size - length);
    const wanted = new Set(ids);
    // Later lines win: a requeued job ends more than once.
    const rows = new Map<string, SlurmRow>();
    for (const row of parseScontrol(buffer.toString('utf8')))
      if (wanted.has(row.id) && isEndedState(row.state)) rows.set(row.id, row);
    return [...rows.values()];
  } finally {
    await handle.close();
  }
}
