import { quote } from 'shell-quote';
import { envExports } from './worker-script.js';

/** How a scheduler's job arrays look from inside a task's script. */
export interface ArraySupport {
  /** Shell variable holding the task's index, e.g. `SLURM_ARRAY_TASK_ID`. */
  indexVariable: string;
  /** Index of the first task (Slurm's `--array=0-N` starts at 0; GridEngine's `-t 1-N` at 1). */
  firstIndex: number;
  /**
   * Shell expression for a task's scheduler ID as status queries report it, e.g.
   * `${SLURM_ARRAY_JOB_ID}_${SLURM_ARRAY_TASK_ID}`.
   */
  taskIdExpression: string;
  /** Most tasks in one array (the scheduler's own limit, e.g. Slurm's MaxArraySize). */
  maxTasks: number;
}

/** One task of an array: the worker command and where its output goes. */
export interface ArrayTask {
  command: readonly string[];
  /** Output paths containing `placeholder`, which becomes the task's own scheduler ID. */
  stdout: string;
  stderr: string;
}

/** A path for the script: `placeholder` becomes "$TOIL_TASK_ID", the rest is quoted. */
function pathWithTaskId(path: string, placeholder: string): string {
  return path
    .split(placeholder)
    .map((part) => (part ? quote([part]) : ''))
    .join('"$TOIL_TASK_ID"');
}

/**
 * One script for a whole job array: the shared environment, then a `case` on the task index that execs that task's
 * worker with its output redirected to the file a lone job would have had, named with the task's own ID.
 */
export function arrayScript(
  tasks: readonly ArrayTask[],
  env: Record<string, string>,
  support: ArraySupport,
  placeholder: string,
): string {
  const lines = [
    '#!/bin/sh',
    ...envExports(env),
    `TOIL_TASK_ID=${support.taskIdExpression}`,
    `case "$${support.indexVariable}" in`,
  ];
  tasks.forEach((task, i) => {
    const out = pathWithTaskId(task.stdout, placeholder);
    const err = pathWithTaskId(task.stderr, placeholder);
    lines.push(`${support.firstIndex + i}) exec ${quote([...task.command])} >${out} 2>${err} ;;`);
  });
  lines.push('esac', `echo "toil: no job for array task $${support.indexVariable}" >&2`, 'exit 1');
  return `${lines.join('\n')}\n`;
}
