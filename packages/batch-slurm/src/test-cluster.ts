import { execFileSync } from 'node:child_process';

/** `sinfo`'s node states, or the reason it could not run. */
function nodeStates(): { states?: string; error?: unknown } {
  try {
    return { states: execFileSync('sinfo', ['-h', '-o', '%t'], { encoding: 'utf8', timeout: 10_000 }).trim() };
  } catch (error) {
    return { error };
  }
}

/**
 * Fail the test file at once, with the fix, when the local Slurm is not up: `npm test` starts it
 * (tooling/start-hpc.sh); running this package's tests alone needs `bash tooling/start-slurm.sh` first.
 */
export function requireSlurm(): void {
  const { states, error } = nodeStates();
  if (states === undefined) {
    throw new Error(
      `These tests need the local Slurm cluster, but sinfo failed (${String(error).split('\n')[0]}). Start it with: bash tooling/start-slurm.sh`,
      { cause: error },
    );
  }
  if (!/^(idle|mix|alloc)/m.test(states)) {
    throw new Error(
      `These tests need the local Slurm node up, but sinfo says '${states}'. Restart it with: bash tooling/stop-slurm.sh && bash tooling/start-slurm.sh`,
    );
  }
}
