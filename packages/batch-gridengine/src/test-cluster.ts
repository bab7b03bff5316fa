import { execFileSync } from 'node:child_process';

/** The cell tooling/start-gridengine.sh runs (tooling/gridengine-env.sh has the same values). */
const TEST_CELL = {
  SGE_ROOT: '/var/lib/gridengine',
  SGE_CELL: 'default',
  SGE_QMASTER_PORT: '6444',
  SGE_EXECD_PORT: '6445',
};

/** The states of this host's queue instances (`qstat -f` column 6: empty when fine, else a/u/E/d/s/...). */
function queueStates(): { rows?: string[]; error?: unknown } {
  try {
    const out = execFileSync('qstat', ['-f'], { encoding: 'utf8', timeout: 10_000 });
    return { rows: out.split('\n').filter((line) => /^\S+@\S+\s+\S+\s+\d+\/\d+\/\d+/.test(line)) };
  } catch (error) {
    return { error };
  }
}

/**
 * Point this process (and, through qsub -V, its jobs) at the test cell unless SGE_* are already set, and fail the
 * test file at once, with the fix, when that GridEngine is not up: `npm test` starts it (tooling/start-hpc.sh);
 * running this package's tests alone needs `bash tooling/start-gridengine.sh` first.
 */
export function requireGridEngine(): void {
  for (const [name, value] of Object.entries(TEST_CELL)) process.env[name] ??= value;
  const { rows, error } = queueStates();
  if (rows === undefined) {
    throw new Error(
      `These tests need the local GridEngine, but qstat -f failed (${String(error).split('\n')[0]}). Start it with: bash tooling/start-gridengine.sh`,
      { cause: error },
    );
  }
  const usable = rows.filter((row) => row.split(/\s+/)[4] !== '-NA-' && !/[aAuEdsSC]/.test(row.split(/\s+/)[5] ?? ''));
  if (!usable.length) {
    throw new Error(
      `These tests need a usable GridEngine queue, but qstat -f shows: ${rows.join('; ') || 'no queue instances'}. Restart it with: bash tooling/stop-gridengine.sh && bash tooling/start-gridengine.sh`,
    );
  }
}
