import type { FileStore } from '../filestore/filestore.js';
import type { ResolvedRequirements } from '../requirements/requirements.js';
import { ToilUsageError } from '../errors.js';
import type { DeferredDef, JobDef, ServiceDef } from './define.js';
import type { GraphBuilder } from './builder.js';
import type { JobHandle, ServiceHandle } from './handle.js';
import type { PromisedArgs } from './promise.js';

/** Log levels accepted by `ctx.log`: Toil's names or its numeric levels (INFO = 20, 100 allowed). */
export type JobLogLevel = 'DEBUG' | 'INFO' | 'WARNING' | 'ERROR' | 'CRITICAL' | number;

/** A message a job logged for the leader. */
export interface JobLogMessage {
  level: number;
  text: string;
  time: number;
}

/** What a running job gets as its first argument. */
export interface JobContext {
  /** This job's ID in the job store. */
  readonly jobId: string;
  /** This job's registered name. */
  readonly jobName: string;
  /** Files: global (job store) and local temporary ones. */
  readonly fileStore: FileStore;
  /** The workflow's ID. */
  readonly workflowId: string;
  /** A scratch directory for this job, removed when it ends. */
  readonly tempDir: string;
  /**
   * What this job was given: its requirements with defaults applied, and promised ones resolved to the figures
   * the batch system was asked for (Toil's `job.cores`, `job.memory`, `job.disk`).
   */
  readonly requirements: ResolvedRequirements;

  /** Add a child: it runs after this job returns, in parallel with the other children. */
  addChild<A extends unknown[], R>(def: JobDef<A, R>, ...args: PromisedArgs<A>): JobHandle<R>;
  /** Make an already-added job also a child of this one. */
  addChild<R>(existing: JobHandle<R>): JobHandle<R>;
  /** Add a follow-on: it runs after all children of this job and their successors. */
  addFollowOn<A extends unknown[], R>(def: JobDef<A, R>, ...args: PromisedArgs<A>): JobHandle<R>;
  /** Make an already-added job also a follow-on of this one. */
  addFollowOn<R>(existing: JobHandle<R>): JobHandle<R>;
  /** Host a service: started before this job's successors, stopped after they all finish. */
  addService<A extends unknown[], S>(def: ServiceDef<A, S>, ...args: A): ServiceHandle<S>;
  /** Send a message to the leader's log (Toil's `logToMaster`). */
  log(text: string, level?: JobLogLevel): void;
  /**
   * Toil's `Job.defer`: run `def(...args)` when this job ends, whether it succeeded or failed (calls run last
   * registered first; a failing one is logged and never fails the job). The call is on disk when `defer` returns,
   * so if the worker is killed the next worker on this node runs it, or the leader at the workflow's end: make
   * it idempotent, as Toil asks. `def` comes from `defineDeferred` at module top level; the arguments go through
   * the codec like a job's.
   */
  defer<A extends unknown[]>(def: DeferredDef<A>, ...args: A): void;
}

/** Where a RunContext records `ctx.defer` calls (the worker's JobDeferrals). */
export interface DeferralSink {
  add(def: unknown, args: unknown[]): void;
}

const LEVELS: Record<string, number> = { DEBUG: 10, INFO: 20, WARNING: 30, ERROR: 40, CRITICAL: 50 };

/** Numeric value of a log level. */
export function logLevelNumber(level: JobLogLevel): number {
  return typeof level === 'number' ? level : (LEVELS[level] ?? 20);
}

/** The JobContext of one run, backed by a GraphBuilder and a FileStore. */
export class RunContext implements JobContext {
  readonly messages: JobLogMessage[] = [];
  /** Set by the worker for a job run; a service host has none, so `defer` there is refused. */
  deferrals: DeferralSink | undefined;
  private readonly topHandle: JobHandle<unknown>;

  constructor(
    readonly jobId: string,
    readonly jobName: string,
    readonly workflowId: string,
    readonly fileStore: FileStore,
    readonly builder: GraphBuilder,
    private readonly echo: (message: JobLogMessage) => void,
  ) {
    this.topHandle = builder.handle(builder.top);
  }

  get tempDir(): string {
    return this.fileStore.ensureTempDirSync();
  }

  get requirements(): ResolvedRequirements {
    return this.builder.top.requirements;
  }

  addChild(target: JobDef | JobHandle<unknown>, ...args: unknown[]): JobHandle<never> {
    return (this.topHandle.addChild as (t: unknown, ...a: unknown[]) => JobHandle<never>)(target, ...args);
  }

  addFollowOn(target: JobDef | JobHandle<unknown>, ...args: unknown[]): JobHandle<never> {
    return (this.topHandle.addFollowOn as (t: unknown, ...a: unknown[]) => JobHandle<never>)(target, ...args);
  }

  addService<A extends unknown[], S>(def: ServiceDef<A, S>, ...args: A): ServiceHandle<S> {
    return this.topHandle.addService(def, ...args);
  }

  log(text: string, level: JobLogLevel = 'INFO'): void {
    const message = { level: logLevelNumber(level), text: String(text), time: Date.now() };
    this.messages.push(message);
    this.echo(message);
  }

  defer<A extends unknown[]>(def: DeferredDef<A>, ...args: A): void {
    if (!this.deferrals)
      throw new ToilUsageError(
        `ctx.defer is not available in '${this.jobName}': services cannot defer functions; defer them in the job that adds the service.`,
      );
    this.deferrals.add(def, args);
  }
}
