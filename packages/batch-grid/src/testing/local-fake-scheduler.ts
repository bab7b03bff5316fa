import { spawn } from 'node:child_process';
import { EventEmitter } from 'node:events';
import { closeSync, mkdtempSync, openSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FakeJob, FakeJobRequest } from './fake-job.js';

/** Every fake with live jobs, so a test process that exits early leaves no job processes behind. */
const live = new Set<LocalFakeScheduler>();
let exitHookInstalled = false;

/** How the local fake scheduler is set up. */
export interface LocalFakeSchedulerOptions {
  /** Cores the fake node has; jobs start while their cores fit. */
  cores: number;
  /** The first job ID (default 1000), so IDs look like a real scheduler's and differ from Toil's own. */
  firstId?: number;
}

/**
 * A one-node batch scheduler in this process, for testing scheduler batch systems where the real scheduler cannot
 * run. It keeps a first-come queue under a core limit, really runs each job script with `sh` as a child process
 * (its own process group) with stdout and stderr appended to the requested files, records states, exit codes,
 * signals and start/end times, and kills on request. Scheduler adapters (a `CommandRunner` per scheduler) map
 * `bsub`, `qsub`, `condor_submit`, ... onto it and print that scheduler's output formats.
 *
 * Emits `start` and `end` with the job, for adapters that write event logs or results files.
 */
export class LocalFakeScheduler extends EventEmitter<{ start: [FakeJob]; end: [FakeJob] }> {
  readonly cores: number;
  private readonly jobs = new Map<string, FakeJob>();
  /** How to start each job that has not started yet. */
  private readonly pending = new Map<string, { scriptPath: string; request: FakeJobRequest }>();
  private readonly spoolDir = mkdtempSync(join(tmpdir(), 'toil-fake-scheduler-'));
  private readonly exits = new Map<string, Promise<void>>();
  private nextId: number;

  constructor(options: LocalFakeSchedulerOptions) {
    super();
    if (!(options.cores >= 1)) throw new Error(`LocalFakeScheduler needs at least one core, got ${options.cores}.`);
    this.cores = options.cores;
    this.nextId = options.firstId ?? 1000;
    if (!exitHookInstalled) {
      exitHookInstalled = true;
      process.on('exit', () => {
        for (const fake of live) fake.killAllNow();
      });
    }
  }

  /** Queue a job; it starts at once when its cores are free. */
  submit(request: FakeJobRequest): FakeJob {
    const id = String(this.nextId++);
    const path = (value: FakeJobRequest['stdout']) =>
      typeof value === 'function' ? value(id) : (value ?? '/dev/null');
    const job: FakeJob = {
      id,
      name: request.name ?? 'job',
      cores: request.cores ?? 1,
      memory: request.memory,
      stdout: path(request.stdout),
      stderr: path(request.stderr),
      state: request.hold === undefined ? 'queued' : 'held',
      reason: request.hold,
      killed: false,
      submitTime: Date.now(),
    };
    const scriptPath = join(this.spoolDir, `${id}.sh`);
    writeFileSync(scriptPath, request.script, { mode: 0o700 });
    this.jobs.set(id, job);
    this.pending.set(id, { scriptPath, request });
    live.add(this);
    this.dispatch();
    return job;
  }

  /** The job with this ID, or undefined when there never was one (or it was forgotten). */
  get(id: string): FakeJob | undefined {
    return this.jobs.get(id);
  }

  /** Every job the fake remembers, in submission order. */
  list(): FakeJob[] {
    return [...this.jobs.values()];
  }

  /**
   * End a job from outside: a queued or held job ends at once without running; a running one gets SIGKILL on its
   * whole process group and ends when its processes are gone. `reason` is kept for the adapter (e.g. LSF's
   * TERM_MEMLIMIT). Returns false for a job that is unknown or already ended.
   */
  kill(id: string, reason = 'killed'): boolean {
    const job = this.jobs.get(id);
    if (!job || job.state === 'ended' || job.killed) return false;
    job.killed = true;
    job.reason = reason;
    if (job.state === 'running') {
      this.signalGroup(job);
    } else {
      job.state = 'ended';
      job.endTime = Date.now();
      this.pending.delete(id);
      this.emit('end', job);
    }
    return true;
  }

  /** Put a queued job on hold (it will not start until released). */
  hold(id: string, reason: string): boolean {
    const job = this.jobs.get(id);
    if (job?.state !== 'queued') return false;
    job.state = 'held';
    job.reason = reason;
    return true;
  }

  /** Let a held job start. */
  release(id: string): boolean {
    const job = this.jobs.get(id);
    if (job?.state !== 'held') return false;
    job.state = 'queued';
    job.reason = undefined;
    this.dispatch();
    return true;
  }

  /** Drop an ended job from memory, as schedulers purge old records. */
  forget(id: string): void {
    if (this.jobs.get(id)?.state === 'ended') this.jobs.delete(id);
  }

  /** Resolves when the job has ended (at once for unknown or ended jobs). */
  async ended(id: string): Promise<void> {
    await this.exits.get(id);
  }

  /** Kill every job and wait until their processes are gone. */
  async shutdown(): Promise<void> {
    for (const job of this.jobs.values()) this.kill(job.id, 'shutdown');
    await Promise.all(this.exits.values());
    live.delete(this);
    rmSync(this.spoolDir, { recursive: true, force: true });
  }

  /** Start queued jobs, oldest first, while their cores fit; a big job does not block smaller ones behind it. */
  private dispatch(): void {
    let free = this.cores - this.list().reduce((n, job) => n + (job.state === 'running' ? job.cores : 0), 0);
    for (const job of this.jobs.values()) {
      if (job.state !== 'queued' || job.cores > free) continue;
      free -= job.cores;
      this.launch(job);
    }
  }

  private launch(job: FakeJob): void {
    const { scriptPath, request } = this.pending.get(job.id) as { scriptPath: string; request: FakeJobRequest };
    this.pending.delete(job.id);
    job.state = 'running';
    job.startTime = Date.now();
    const out = openOutput(job.stdout);
    const err = job.stderr === job.stdout ? out : openOutput(job.stderr);
    const extra = typeof request.env === 'function' ? request.env(job.id) : request.env;
    const child = spawn('sh', [scriptPath], {
      cwd: request.cwd,
      detached: true, // its own process group, so a kill reaches everything the job started
      stdio: ['ignore', out ?? 'ignore', err ?? 'ignore'],
      env: { ...process.env, ...extra },
    });
    for (const fd of new Set([out, err])) if (fd !== undefined) closeSync(fd);
    job.pid = child.pid;
    this.exits.set(
      job.id,
      new Promise<void>((resolve) => {
        const finish = (code: number | null, signal: NodeJS.Signals | null) => {
          if (job.state === 'ended') return resolve();
          job.state = 'ended';
          job.endTime = Date.now();
          job.exitCode = code ?? undefined;
          job.signal = signal ?? undefined;
          job.pid = undefined;
          this.emit('end', job);
          this.dispatch();
          resolve();
        };
        child.on('exit', finish);
        child.on('error', () => finish(127, null));
      }),
    );
    this.emit('start', job);
    // A kill that raced the start still applies.
    if (job.killed) this.signalGroup(job);
  }

  private signalGroup(job: FakeJob): void {
    if (job.pid === undefined) return;
    try {
      process.kill(-job.pid, 'SIGKILL');
    } catch {
      // Already gone; its exit event ends the job.
    }
  }

  private killAllNow(): void {
    for (const job of this.jobs.values()) if (job.state === 'running') this.signalGroup(job);
  }
}

/** A file descriptor appending to `path`, or undefined (output dropped) when it cannot be opened. */
function openOutput(path: string): number | undefined {
  try {
    return openSync(path, 'a');
  } catch {
    return undefined;
  }
}
