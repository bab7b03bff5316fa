import type { ResolvedRequirements } from '../requirements/requirements.js';
import type { WorkflowConfig } from '../options/config.js';
import type { Logger } from '../log/logger.js';

/** Why a batch job ended (Toil's BatchJobExitReason, same numbers). */
export enum BatchJobExitReason {
  /** The job exited on its own. */
  FINISHED = 1,
  /** The job exited with an error. */
  FAILED = 2,
  /** The host went away (preemption, node loss). */
  LOST = 3,
  /** The job was killed. */
  KILLED = 4,
  /** The batch system could not run the job. */
  ERROR = 5,
  /** The job exceeded its memory. */
  MEMLIMIT = 6,
}

/** Exit status used when none is known (Toil's EXIT_STATUS_UNAVAILABLE_VALUE). */
export const EXIT_STATUS_UNAVAILABLE = 255;

/** What the leader asks a batch system to run: one worker invocation for one job (and whatever it chains). */
export interface BatchJobSpec {
  /** Job-store ID of the job the worker starts with. */
  jobStoreId: string;
  /** Human-readable name, for scheduler job names and logs. */
  displayName: string;
  /** Resources to reserve. */
  requirements: ResolvedRequirements;
  /**
   * Command line that runs the worker on a host with Toil installed: `[node, toil-worker.js, locator, jobId]`.
   * Batch systems that run workers in-process or in warm pools may ignore it and use `jobStoreId` directly.
   */
  workerCommand: string[];
  /** Extra environment for the worker. */
  env: Record<string, string>;
}

/** A finished batch job (Toil's UpdatedBatchJobInfo). */
export interface UpdatedBatchJobInfo {
  batchJobId: number;
  /** Process exit status, or EXIT_STATUS_UNAVAILABLE. */
  exitStatus: number;
  exitReason: BatchJobExitReason;
  /** Seconds the job ran, if known. */
  wallTime?: number;
  /** Worker output captured by the batch system, shown when the job failed. */
  output?: string;
}

/** Everything a batch system gets at construction. */
export interface BatchSystemContext {
  config: WorkflowConfig;
  /** Resource caps from `--maxCores/--maxMemory/--maxDisk` (Infinity = none). */
  maxCores: number;
  maxMemory: number;
  maxDisk: number;
  /** Job store locator, for workers. */
  locator: string;
  /** Absolute paths of plugin modules workers must load (job store implementation), by plugin key. */
  pluginPaths: Record<string, string>;
  /** The leader's logger: a backend's lines then follow `--logFile`, its rotation and `--logFormat` too. */
  log?: Logger;
}

/**
 * Runs workers for the leader. Implementations: `@toil/batch-single-machine`, the HPC schedulers of
 * `@toil/batch-grid`, Kubernetes. Each runs the contract suite `describeBatchSystemContract` of `@toil/testing`.
 */
export interface BatchSystem {
  /** Registered name, e.g. `single_machine`. */
  readonly name: string;
  /** Whether workers fetch the workflow bundle from the job store (true for every system that runs our worker). */
  supportsAutoDeployment(): boolean;
  /** Whether the system runs clean-up on each node after the workflow's last job there. */
  supportsWorkerCleanup(): boolean;
  /**
   * Throws InsufficientResourcesError when a job could never fit. Called by the leader before `issueBatchJob`.
   */
  checkResourceRequest(jobName: string, requirements: ResolvedRequirements): void;
  /** Submit a job; returns its batch job ID. */
  issueBatchJob(spec: BatchJobSpec): Promise<number>;
  /** Kill jobs; afterwards they are never returned by `getUpdatedBatchJob`. */
  killBatchJobs(ids: number[]): Promise<void>;
  /** Jobs issued and not yet returned as updated. */
  getIssuedBatchJobIds(): number[];
  /** Running jobs and how many seconds each has run. */
  getRunningBatchJobIds(): Map<number, number>;
  /**
   * Wait up to `maxWaitMs` for a job to finish; resolves as soon as one does (no fixed polling sleep), or with
   * undefined on timeout. Each finished job is returned exactly once.
   */
  getUpdatedBatchJob(maxWaitMs: number): Promise<UpdatedBatchJobInfo | undefined>;
  /** A hint for the user when the workflow seems stuck. */
  getSchedulingStatusMessage(): string | undefined;
  /** Environment for workers issued after this call; `value` undefined copies it from this process. */
  setEnv(name: string, value?: string): void;
  /** Stop every worker and release resources. */
  shutdown(): Promise<void>;
  /**
   * Names of the cluster nodes that run a job now (any job, not only this workflow's), for the autoscaler, which
   * never terminates a busy node. Batch systems that run on a cluster the autoscaler resizes implement it (Slurm:
   * squeue). Without it the autoscaler cannot tell where jobs run, so it counts every node busy while any job of
   * the workflow is issued.
   */
  getBusyNodes?(): Promise<ReadonlySet<string>>;
  /**
   * Stop starting jobs on a node the autoscaler means to remove (Toil's `ignoreNode`; Slurm: drain it). Jobs
   * already running there go on.
   */
  ignoreNode?(name: string): Promise<void>;
  /** Undo `ignoreNode`: the node was kept after all. */
  unignoreNode?(name: string): Promise<void>;
  /**
   * The nodes the batch system has now, for the autoscaler's fault checks: `joined` every node by name in any state
   * (a new worker counts as booted once it is here), `dynamic` those that joined by themselves and can be forgotten
   * (Slurm's dynamic nodes; nodes of the scheduler's own configuration are never forgotten).
   */
  listNodes?(): Promise<{ joined: ReadonlySet<string>; dynamic: ReadonlySet<string> }>;
  /**
   * Forget a dynamic node whose machine is gone (terminated, or a spot node reclaimed): jobs still running there end
   * at once as lost instead of when the scheduler's own timeout notices, and its record is removed so the node
   * list stays clean (Slurm: `State=DOWN`, then `scontrol delete`). Resolves true once the record is gone; false
   * while the scheduler still holds it (its jobs are ending) or when the node is not a dynamic one.
   */
  forgetNode?(name: string): Promise<boolean>;
}
