/**
 * Runs inside a task of a pooled Slurm array whose jobs are all Toil workers (pool-script.ts): one warm worker
 * process (`@toil/core/backend`'s workerProcessPath, the one single_machine forks) runs the task's jobs one after
 * another, so a job costs the job rather than a Node start-up. Claims, exit files and output file names are the
 * shell pool's: the leader cannot tell them apart. pool-runner-main.ts is the program the array script runs.
 */
import { fork, type ChildProcess } from 'node:child_process';
import { closeSync, existsSync, mkdirSync, openSync, renameSync, writeFileSync, writeSync } from 'node:fs';
import { constants } from 'node:os';
import { join } from 'node:path';
import { workerProcessPath, type JobDoneMessage, type RunJobMessage } from '@toil/core/backend';

/** What the leader writes into the array script for the runner (as JSON). */
export interface PoolJobs {
  locator: string;
  /** Per job, in array order: its job store ID and output paths, in which `@ID@` stands for its own ID. */
  jobs: { jobId: string; stdout: string; stderr: string }[];
}

/** The jobs, and where this task runs them: what Slurm gives the task at run time. */
export interface PoolPlan extends PoolJobs {
  /** The pool's folder. */
  dir: string;
  /** This task's ID `<array>_<task>`, its index and its array's ID. */
  taskId: string;
  taskIndex: number;
  arrayId: string;
  /** The job store's plugin, when it is not built in (TOIL_JOBSTORE_PLUGIN, as worker-cli reads it). */
  pluginUrl?: string;
}

/** What replaces the job's own ID in a plan's output paths. */
export const JOB_ID_MARK = '@ID@';

/** Claim a job as `mkdir` does in the shell pool: atomic, false when someone has it. */
function claim(plan: PoolPlan, index: number): boolean {
  const dir = join(plan.dir, `claim_${index}`);
  if (existsSync(dir)) return false;
  try {
    mkdirSync(dir);
  } catch {
    return false;
  }
  writeFileSync(join(dir, 'by'), `${plan.taskId}\n`);
  return true;
}

/** One warm worker at a time; a new one after a job killed or retired the last. */
class Worker {
  child: ChildProcess | undefined;
  private out = -1;
  private err = -1;

  start(): ChildProcess {
    if (this.child && this.child.exitCode === null && this.child.signalCode === null) return this.child;
    const child = fork(workerProcessPath(), [], {
      serialization: 'advanced',
      stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
      execArgv: ['--enable-source-maps'],
    });
    // Output goes to the file of the job running now; the shell pool redirects the same way.
    child.stdout?.on('data', (chunk: Buffer) => this.out >= 0 && writeSync(this.out, chunk));
    child.stderr?.on('data', (chunk: Buffer) => this.err >= 0 && writeSync(this.err, chunk));
    this.child = child;
    return child;
  }

  /** Run one job; resolves with its exit code as the shell would report it. */
  run(plan: PoolPlan, index: number): Promise<number> {
    const job = plan.jobs[index];
    const id = `${plan.arrayId}_${index}`;
    this.out = openSync(job.stdout.split(JOB_ID_MARK).join(id), 'w', 0o600);
    this.err = openSync(job.stderr.split(JOB_ID_MARK).join(id), 'w', 0o600);
    const child = this.start();
    return new Promise<number>((resolve) => {
      let retire = false;
      const onMessage = (m: JobDoneMessage | { type?: string }) => {
        if (m?.type === 'stray') retire = true;
        if (m?.type !== 'done') return;
        const done = m as JobDoneMessage;
        if (done.error) writeSync(this.err, `${done.error}\n`);
        end(done.ok ? 0 : 1);
      };
      const onExit = (code: number | null, signal: NodeJS.Signals | null) =>
        end(code ?? 128 + (signal ? constants.signals[signal] : 0));
      const end = (status: number) => {
        child.off('message', onMessage);
        child.off('exit', onExit);
        // A leftover error from this job would be blamed on the next: start the next one in a fresh process.
        if (retire) {
          child.kill();
          this.child = undefined;
        }
        resolve(status);
      };
      child.on('message', onMessage);
      child.on('exit', onExit);
      const message: RunJobMessage = {
        type: 'run',
        batchJobId: index,
        locator: plan.locator,
        jobId: job.jobId,
        pluginUrl: plan.pluginUrl,
      };
      child.send(message);
    }).finally(() => {
      closeSync(this.out);
      closeSync(this.err);
      this.out = this.err = -1;
    });
  }
}

/** Run own job first, then unstarted ones from the top down, as the shell pool does. */
export async function runPool(plan: PoolPlan): Promise<void> {
  const worker = new Worker();
  const order = [plan.taskIndex];
  for (let i = plan.jobs.length - 1; i > plan.taskIndex; i--) order.push(i);
  for (const index of order) {
    if (!claim(plan, index)) continue;
    const started = Date.now() / 1000;
    const status = await worker.run(plan, index);
    writeFileSync(join(plan.dir, `exit_${index}.tmp`), `${status} ${started} ${Date.now() / 1000}\n`);
    renameSync(join(plan.dir, `exit_${index}.tmp`), join(plan.dir, `exit_${index}`));
  }
  worker.child?.disconnect();
}
