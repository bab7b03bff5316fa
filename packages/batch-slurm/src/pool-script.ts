import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { quote } from 'shell-quote';
import { envExports } from '@toil/batch-grid';
import { JOB_ID_MARK, type PoolJobs } from './pool-runner.js';

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

/** How a task runs its jobs in one warm worker (pool-runner.ts): the program, and the node that runs it. */
export interface PoolRunner {
  node: string;
  program: string;
  jobs: PoolJobs;
}

/**
 * The built pool runner program: next to this module in dist, or in dist when this module runs from src (tests
 * after a build); undefined when neither exists, and the tasks then run each job with its own command.
 */
export function poolRunnerProgram(): string | undefined {
  const candidates = ['./pool-runner-main.js', '../dist/pool-runner-main.js'];
  return candidates.map((c) => fileURLToPath(new URL(c, import.meta.url))).find((path) => existsSync(path));
}

/**
 * A runner for these jobs when every one is a Toil worker (`node …/worker-cli.js <locator> <jobId>`) of the same
 * node, code and job store; undefined for anything else (plain commands in tests, mixed stores).
 */
export function poolRunner(tasks: readonly PoolTask[], placeholder: string): PoolRunner | undefined {
  const program = poolRunnerProgram();
  const [node, entry, locator] = tasks[0].command;
  const same = tasks.every(({ command: c }) => c.length === 4 && c[0] === node && c[1] === entry && c[2] === locator);
  if (!program || !same || !/[/\\]worker-cli\.js$/.test(entry)) return undefined;
  const mark = (path: string) => path.split(placeholder).join(JOB_ID_MARK);
  const jobs = tasks.map((task) => ({ jobId: task.command[3], stdout: mark(task.stdout), stderr: mark(task.stderr) }));
  return { node, program, jobs: { locator, jobs } };
}

/** A path for the script: `placeholder` becomes the job's own ID, the rest is quoted. */
function pathWithJobId(path: string, placeholder: string, index = '$1'): string {
  return path
    .split(placeholder)
    .map((part) => (part ? quote([part]) : ''))
    .join(`"\${SLURM_ARRAY_JOB_ID}_${index}"`);
}

/**
 * One script for a pooled Slurm job array of `tasks.length` tasks, one per Toil job. Task i first claims job i; then,
 * instead of exiting and leaving Slurm to start the next task (slurmctld refills freed cores about once a second,
 * which caps short jobs at ~1 job/s per core), it claims and runs jobs whose own tasks have not started yet, from the
 * top down, until it meets its own index. A claim is `mkdir claim_<i>` (atomic, also on NFS) holding the task's ID;
 * the job's exit code, start and end go to `exit_<i>` (written then renamed, so the leader never reads half of
 * it). A job is still one Toil job with its own ID `<array>_<i>` and its own output files; only which Slurm task
 * ran it varies. The leader (pool-status.ts) reads those files. With `runner`, the task hands all of this to one
 * Node process that runs the jobs in a warm worker (pool-runner.ts) instead of a fresh `node` per job.
 */
export function poolScript(
  tasks: readonly PoolTask[],
  env: Record<string, string>,
  workflowDir: string,
  placeholder: string,
  runner?: PoolRunner,
): string {
  const dir = `${quote([join(workflowDir, 'slurm_pool_')])}"$SLURM_ARRAY_JOB_ID"`;
  const lines = [
    '#!/bin/sh',
    ...envExports(env),
    `P=${dir}`,
    'T="${SLURM_ARRAY_JOB_ID}_${SLURM_ARRAY_TASK_ID}"',
    // The leader makes the folder as sbatch returns. A task that does not see it within 3 s is on a node that does
    // not share the workflow's folder: it runs its own job alone, as a plain array task, and the leader, seeing
    // that job unclaimed, takes the task's end for the job's and stops pooling.
    'for w in 1 2 3; do [ -d "$P" ] && break; sleep 1; done',
    `[ -d "$P" ] || case "$SLURM_ARRAY_TASK_ID" in`,
    ...tasks.map(
      (task, i) =>
        `  ${i}) exec ${quote([...task.command])} >${pathWithJobId(task.stdout, placeholder, String(i))} 2>${pathWithJobId(task.stderr, placeholder, String(i))} ;;`,
    ),
    'esac',
  ];
  if (runner) {
    // The same claims and files, kept by one Node process with one warm worker (quoted heredoc: nothing expands).
    const args = quote([runner.node, runner.program]);
    lines.push(
      `exec ${args} "$P" "$T" "$SLURM_ARRAY_TASK_ID" "$SLURM_ARRAY_JOB_ID" <<'TOIL_POOL_JOBS'`,
      JSON.stringify(runner.jobs),
      'TOIL_POOL_JOBS',
    );
    return `${lines.join('\n')}\n`;
  }
  // The exit file holds the exit code and the job's start and end (epoch seconds) for its wall time.
  lines.push('run() {', '  s=$(date +%s.%N)', '  case "$1" in');
  tasks.forEach((task, i) => {
    const out = pathWithJobId(task.stdout, placeholder);
    const err = pathWithJobId(task.stderr, placeholder);
    lines.push(`  ${i}) ${quote([...task.command])} >${out} 2>${err} ;;`);
  });
  lines.push(
    '  *) echo "toil: no job $1 in this array" >&2; false ;;',
    '  esac',
    '  rc=$?',
    '  echo "$rc $s $(date +%s.%N)" >"$P/exit_$1.tmp" && mv -f "$P/exit_$1.tmp" "$P/exit_$1"',
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
