import type { FileStore } from '../filestore/filestore.js';
import type { JobDef, ServiceDef } from './define.js';
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
}

const LEVELS: Record<string, number> = { DEBUG: 10, INFO: 20, WARNING: 30, ERROR: 40, CRITICAL: 50 };

/** Numeric value of a log level. */
export function logLevelNumber(level: JobLogLevel): number {
  return typeof level === 'number' ? level : (LEVELS[level] ?? 20);
}

/** The JobContext of one run, backed by a GraphBuilder and a FileStore. */
export class RunContext implements JobContext {
  readonly messages: JobLogMessage[] = [];
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
}
