import { join } from 'node:path';
import { quote } from 'shell-quote';
import { envExports } from '@toil/batch-grid';

/** One Toil job of a pooled array: its worker command and its output files. */
export interface PoolTask {
  command: readonly string[];
  /** Output paths containing `placeholder`, which becomes the job's own ID `<array>_<index>`. */
  stdout: string;
  stderr: string;
}

/** What the leader writes as a claim's owner when it claims a job itself (to kill it or to declare it lost). */
export const LEADER_CLAIM = 'leader';

/** The folder where a pooled array's tasks claim jobs and leave exit codes, under the workflow's folder. */
export function poolDir(workflowDir: string, arrayId: string): string {
  return join(workflowDir, `slurm_pool_${arrayId}`);
}

/** A path for the script: `placeholder` becomes the job's own ID, the rest is quoted. */
function pathWithJobId(path: string, placeholder: string): string {
  return path
    .split(placeholder)
    .map((part) => (part ? quote([part]) : ''))
    .join('"${SLURM_ARRAY_JOB_ID}_$1"');
}

/**
 * One script for a pooled Slurm job array of `tasks.length` tasks, one per Toil job. Task i first claims job i; then,
 * instead of exiting and leaving Slurm to start the next task (slurmctld refills freed cores about once a second,
 * which caps short jobs at ~1 job/s per core), it claims and runs jobs whose own tasks have not started yet, from the
 * top down, until it meets its own index. A claim is `mkdir claim_<i>` (atomic, also on NFS) holding the task's ID;
 * the job's exit code goes to `exit_<i>` (written then renamed, so the leader never reads half of it). A job is
 * still one Toil job with its own ID `<array>_<i>` and its own output files; only which Slurm task ran it varies.
 * The leader (pool-status.ts) reads those files.
 */
export function poolScript(
  tasks: readonly PoolTask[],
  env: Record<string, string>,
  workflowDir: string,
  placeholder: string,
): string {
  const dir = `${quote([join(workflowDir, 'slurm_pool_')])}"$SLURM_ARRAY_JOB_ID"`;
  const lines = [
    '#!/bin/sh',
    ...envExports(env),
    `P=${dir}`,
    'T="${SLURM_ARRAY_JOB_ID}_${SLURM_ARRAY_TASK_ID}"',
    'mkdir -p -m 700 "$P" || exit 1',
    'run() {',
    '  case "$1" in',
  ];
  tasks.forEach((task, i) => {
    const out = pathWithJobId(task.stdout, placeholder);
    const err = pathWithJobId(task.stderr, placeholder);
    lines.push(`  ${i}) ${quote([...task.command])} >${out} 2>${err} ;;`);
  });
  lines.push(
    '  *) echo "toil: no job $1 in this array" >&2; false ;;',
    '  esac',
    '  echo "$?" >"$P/exit_$1.tmp" && mv -f "$P/exit_$1.tmp" "$P/exit_$1"',
    '}',
    // `[ -d ]` is a shell builtin: the walk over claimed jobs forks nothing, only a likely claim runs mkdir.
    'claim() { [ ! -d "$P/claim_$1" ] && mkdir "$P/claim_$1" 2>/dev/null && echo "$T" >"$P/claim_$1/by"; }',
    'if claim "$SLURM_ARRAY_TASK_ID"; then run "$SLURM_ARRAY_TASK_ID"; fi',
    `i=${tasks.length - 1}`,
    'while [ "$i" -gt "$SLURM_ARRAY_TASK_ID" ]; do',
    '  if claim "$i"; then run "$i"; fi',
    '  i=$((i - 1))',
    'done',
    'exit 0',
  );
  return `${lines.join('\n')}\n`;
}
