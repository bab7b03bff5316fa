import { fork, type ChildProcess } from 'node:child_process';
import {
  workerProcessPath,
  type JobDoneMessage,
  type RunJobMessage,
  type StrayFailureMessage,
} from '@toil/core/backend';

/** Bytes of a job's worker output kept for its failure report. */
const OUTPUT_LIMIT = 64 * 1024;

/** How a job on a warm worker ended. */
export interface WarmJobEnd {
  ok: boolean;
  /** Exit code if the process died, 0 otherwise. */
  exitCode: number;
  /** True when the process died (crash, kill, OOM) rather than reporting. */
  died: boolean;
  signal?: NodeJS.Signals | null;
  output: string;
  error?: string;
}

/**
 * One warm worker process. It loads the job store and the workflow once and then runs jobs one at a time as
 * asked; a job that kills its process (kill -9, OOM, process.exit) ends only that job.
 */
export class WarmWorker {
  private readonly child: ChildProcess;
  private output = '';
  private current: { batchJobId: number; done: (end: WarmJobEnd) => void } | undefined;
  private readonly ready: Promise<void>;
  private readonly exited: Promise<void>;
  alive = true;
  /** Set when an ended job's leftover code failed in this process: it takes no more jobs once the current one ends. */
  retiring = false;

  /**
   * @param onExit Called when the process has exited.
   * @param onStray Called when an ended job left an unhandled error in the process (see `retiring`).
   */
  constructor(
    captureOutput: boolean,
    onExit: (worker: WarmWorker) => void,
    onStray: (worker: WarmWorker, message: StrayFailureMessage) => void = () => undefined,
  ) {
    this.child = fork(workerProcessPath(), [], {
      serialization: 'advanced',
      stdio: captureOutput ? ['ignore', 'pipe', 'pipe', 'ipc'] : ['ignore', 'inherit', 'inherit', 'ipc'],
      execArgv: [
        '--enable-source-maps',
        ...(process.env.TOIL_WORKER_NODE_ARGS ? process.env.TOIL_WORKER_NODE_ARGS.split(' ') : []),
      ],
    });
    const collect = (chunk: Buffer) => {
      if (!this.current) return;
      this.output += chunk.toString('utf8');
      if (this.output.length > OUTPUT_LIMIT) this.output = this.output.slice(-OUTPUT_LIMIT);
    };
    this.child.stdout?.on('data', collect);
    this.child.stderr?.on('data', collect);
    this.ready = new Promise((resolve) => {
      const onReady = (m: { type?: string }) => {
        if (m?.type === 'ready') {
          this.child.off('message', onReady);
          resolve();
        }
      };
      this.child.on('message', onReady);
      this.child.once('exit', () => resolve());
    });
    this.child.on('message', (m: JobDoneMessage | StrayFailureMessage) => {
      if (m?.type === 'stray') {
        this.retiring = true;
        onStray(this, m);
        return;
      }
      if (m?.type !== 'done' || !this.current || m.batchJobId !== this.current.batchJobId) return;
      this.finish({ ok: m.ok, exitCode: 0, died: false, output: this.output, error: m.error });
    });
    this.exited = new Promise((resolve) => this.child.once('exit', () => resolve()));
    this.child.on('exit', (code, signal) => {
      this.alive = false;
      // Let the last output arrive before reporting: stdio may flush after 'exit'.
      setImmediate(() => this.finish({ ok: false, exitCode: code ?? 255, died: true, signal, output: this.output }));
      onExit(this);
    });
    this.child.on('error', () => undefined);
  }

  /** Whether a job is running on this worker. */
  get busy(): boolean {
    return this.current !== undefined;
  }

  /** Run a job; resolves when it ends (reported or by the process dying). */
  async run(message: RunJobMessage): Promise<WarmJobEnd> {
    await this.ready;
    return new Promise((done) => {
      this.output = '';
      this.current = { batchJobId: message.batchJobId, done };
      if (!this.alive) {
        this.finish({
          ok: false,
          exitCode: 255,
          died: true,
          output: 'The worker process exited before it could take the job.',
        });
        return;
      }
      this.child.send(message);
    });
  }

  private finish(end: WarmJobEnd): void {
    const current = this.current;
    if (!current) return;
    this.current = undefined;
    current.done(end);
  }

  /** Kill the process (and with it the job it runs). */
  kill(): void {
    if (this.alive) this.child.kill('SIGKILL');
  }

  /** Ask the process to exit by closing its IPC channel. */
  close(): void {
    if (this.alive && this.child.connected) this.child.disconnect();
  }

  /** Resolves once the process has exited (and been reaped); kills it if it is still there after `graceMs`. */
  async waitForExit(graceMs: number): Promise<void> {
    if (!this.alive) return;
    const timer = setTimeout(() => this.kill(), graceMs);
    await this.exited;
    clearTimeout(timer);
  }
}
