import { join } from 'node:path';
import { quote } from 'shell-quote';

/**
 * A POSIX shell script that sets `env` and execs the worker command. Every scheduler here accepts a script on
 * stdin or as a file, and passing the environment inside the script (instead of `--export=A=1,B=2` style flags)
 * keeps values with commas, quotes and newlines intact on every scheduler.
 */
export function workerScript(command: readonly string[], env: Record<string, string>): string {
  return `${['#!/bin/sh', ...envExports(env), `exec ${quote([...command])}`].join('\n')}\n`;
}

/** `export NAME='value'` lines; names sh cannot express are left out (no program could read them anyway). */
export function envExports(env: Record<string, string>): string[] {
  return Object.entries(env)
    .filter(([name]) => /^[A-Za-z_][A-Za-z0-9_]*$/.test(name))
    .map(([name, value]) => `export ${name}=${quote([value])}`);
}

/** Which stream a batch-system output file holds, in the names the Toil documentation gives. */
export type StdStream = 'std_output' | 'std_error' | 'job_events';

/**
 * Where a batch job's output goes: `<workflowDir>/toil_job_<toilJobId>_batch_<batchSystem>_<clusterJobId>_<stream>.log`
 * (the Toil documentation's naming). `clusterJobId` is usually the scheduler's placeholder for its own job ID (`%j`
 * for Slurm), which the scheduler fills in; substitute the real ID to read the file back.
 */
export function stdPath(
  workflowDir: string,
  toilJobId: number,
  batchSystem: string,
  clusterJobId: string,
  stream: StdStream,
): string {
  return join(workflowDir, `toil_job_${toilJobId}_batch_${batchSystem}_${clusterJobId}_${stream}.log`);
}
