/**
 * A batch system double that runs each issued job with the real worker code (`runWorker`) in the test's own
 * process. Leader tests use it to drive a real Leader against an in-memory job store they can instrument (slow
 * deletions, a store that dies after N writes, lost attempts) without spawning worker processes.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll } from 'vitest';
import { BatchJobExitReason, type BatchJobSpec, type BatchSystem, type UpdatedBatchJobInfo } from '@toil/core/backend';
import { runWorker, type WorkerRuntime } from '@toil/core/internal';

/** What an attempt reports instead of running; the batch job id is filled in. */
export type AttemptOutcome = Omit<UpdatedBatchJobInfo, 'batchJobId'>;

export interface InProcessBatchOptions {
  /**
   * Run attempts one at a time in issue order instead of all at once. Tests that count job-store writes need
   * this: concurrent workers would interleave their writes differently from run to run.
   */
  serial?: boolean;
  /**
   * Report an attempt whose `runWorker` rejects as FAILED. For stores made to die under the worker, where the
   * worker cannot even record its failure. Without it the rejection is left unhandled, so vitest fails the run
   * loudly: in other tests a rejecting worker is a bug, not an outcome.
   */
  workerRejectionIsFailure?: boolean;
  /**
   * Called for every attempt (numbered from 1 across all jobs) before it runs; an outcome it returns is
   * reported at once instead of running the job, e.g. LOST to stand for a preempted node. Such an attempt runs
   * nothing, so it does not wait its turn even when `serial`.
   */
  replaceAttempt?: (attempt: number, spec: BatchJobSpec) => AttemptOutcome | undefined;
}

/**
 * Runs each issued job with the real worker code in this process and reports FINISHED or FAILED by whether the
 * job committed. Only what the Leader calls is implemented; cast to `BatchSystem` with {@link asBatchSystem}.
 */
export class InProcessBatchSystem implements Partial<BatchSystem> {
  readonly name = 'in-process';
  /** How many attempts were issued, lost ones included. */
  attempts = 0;
  private readonly updates: UpdatedBatchJobInfo[] = [];
  private readonly issued = new Set<number>();
  private wake: (() => void) | undefined;
  private next = 1;
  private chain: Promise<void> = Promise.resolve();

  constructor(
    private readonly runtime: WorkerRuntime,
    private readonly options: InProcessBatchOptions = {},
  ) {}
  supportsAutoDeployment = () => true;
  supportsWorkerCleanup = () => true;
  checkResourceRequest = () => undefined;
  getSchedulingStatusMessage = () => undefined;
  setEnv = () => undefined;
  getIssuedBatchJobIds = () => [...this.issued];
  getRunningBatchJobIds = () => new Map<number, number>();
  killBatchJobs = async () => undefined;
  shutdown = async () => undefined;

  /** This double as the full interface the Leader takes. */
  asBatchSystem(): BatchSystem {
    return this as unknown as BatchSystem;
  }

  async issueBatchJob(spec: BatchJobSpec): Promise<number> {
    const id = this.next++;
    this.issued.add(id);
    const replaced = this.options.replaceAttempt?.(++this.attempts, spec);
    if (replaced) {
      this.report({ batchJobId: id, ...replaced });
      return id;
    }
    const run = async (): Promise<void> => {
      const worker = runWorker(this.runtime, spec.jobStoreId);
      const result = this.options.workerRejectionIsFailure ? await worker.catch(() => ({ ok: false })) : await worker;
      this.report({
        batchJobId: id,
        exitStatus: result.ok ? 0 : 1,
        exitReason: result.ok ? BatchJobExitReason.FINISHED : BatchJobExitReason.FAILED,
      });
    };
    // Not awaited: issuing returns at once, as with a real batch system; the outcome arrives as an update.
    if (this.options.serial) this.chain = this.chain.then(run);
    else void run();
    return id;
  }

  async getUpdatedBatchJob(maxWaitMs: number): Promise<UpdatedBatchJobInfo | undefined> {
    if (!this.updates.length)
      await new Promise<void>((resolve) => ((this.wake = resolve), setTimeout(resolve, maxWaitMs)));
    const update = this.updates.shift();
    if (update) this.issued.delete(update.batchJobId);
    return update;
  }

  private report(update: UpdatedBatchJobInfo): void {
    this.updates.push(update);
    this.wake?.();
  }
}

/**
 * A temp directory shared by every test in the file: made before the first test, removed after the last. Returns
 * a getter, since the directory exists only once `beforeAll` has run. (`tempDir` in ./temp.ts makes one per test.)
 */
export function workDirForFile(prefix: string): () => string {
  let dir: string | undefined;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), prefix));
  });
  afterAll(async () => {
    if (dir) await rm(dir, { recursive: true, force: true });
  });
  return () => {
    if (!dir) throw new Error('workDirForFile: the directory is made in beforeAll; read it inside a test');
    return dir;
  };
}
