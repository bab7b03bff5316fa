import { join } from 'node:path';
import { quote } from 'shell-quote';

/**
 * A POSIX shell script that sets `env` and execs the worker command. Every scheduler here accepts a script on
 * stdin or as a file, and passing the environment inside the script (instead of `--export=A=1,B=2` style flags)
 * keeps values with commas, quotes and newlines intact on every scheduler.
 */
export function workerScript(command: readonly string[], env: Record<string, string>, prelude: readonly string[] = []): string {
  const lines = ['#!/bin/sh', ...prelude];
  for (const [name, value] of Object.entries(env)) {
    if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(name)) continue; // not expressible in sh; such names cannot be read anyway
    lines.push(`export ${name}=${quote([value])}`);
  }
  lines.push(`exec ${quote([...command])}`);
  return `${lines.join('\n')}\n`;
}

/** Which stream a batch-system output file holds, in the names the Toil documentation gives. */
export type StdStream = 'std_output' | 'std_error' | 'job_events';

/**
 * Where a batch job's output goes: `<workflowDir>/toil_job_<toilJobId>_batch_<batchSystem>_<clusterJobId>_<stream>.log`
 * (the Toil documentation's naming). `clusterJobId` is usually the scheduler's placeholder for its own job ID (`%j`
 * for Slurm), which the scheduler fills in; substitute the real ID to read the file back.
 */
export function stdPath(workflowDir: string, toilJobId: number, batchSystem: string, clusterJobId: string, stream: StdStream): string {
  return join(workflowDir, `toil_job_${toilJobId}_batch_${batchSystem}_${clusterJobId}_${stream}.log`);
}
