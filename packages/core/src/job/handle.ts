import type { PathElem } from '../jobstore/description.js';
import type { GraphBuilder } from './builder.js';
import { checkDefinedAtLoad, isJobDef, isServiceDef, type JobDef, type ServiceDef } from './define.js';
import { ENCAPSULATED_JOB } from './builtins.js';
import type { PendingJob, PendingService } from './graph.js';
import { Rv, type PromisedArgs } from './promise.js';

/** Reads a handle's job; set in JobHandle's static block so the field stays private to users. */
let pendingOfHandle: (handle: JobHandle<unknown>) => PendingJob;

/** The graph node behind a handle: for the graph builder only (not exported from any entry point). */
export function pendingJobOf(handle: JobHandle<unknown>): PendingJob {
  return pendingOfHandle(handle);
}

/**
 * A job added during a run. Chain successors on it, and pass `rv()` promises of its result to jobs that run
 * after it. Handles come from `ctx.addChild`/`addFollowOn` and the handle methods, never from `new`.
 */
export class JobHandle<R> {
  // ECMAScript private fields: the builder and graph node are not part of the API, not even through a cast.
  readonly #builder: GraphBuilder;
  readonly #pending: PendingJob;
  /** Where successors attach; differs from `#pending` for encapsulated jobs. */
  readonly #attach: PendingJob;

  static {
    pendingOfHandle = (handle) => handle.#pending;
  }

  /** @internal Made by the graph builder. */
  constructor(builder: GraphBuilder, pending: PendingJob, attach: PendingJob = pending) {
    this.#builder = builder;
    this.#pending = pending;
    this.#attach = attach;
  }

  /** The job's ID in the job store. */
  get id(): string {
    return this.#pending.id;
  }

  /** A promise of the job's whole return value. */
  rv(): Rv<R>;
  /** A promise of one key or index of the return value: `rv('total')`, `rv(0)`. */
  rv<K extends keyof R>(key: K): Rv<R[K]>;
  /** A promise of a value two levels down: `rv('tags', 0)` is typed as the first tag. */
  rv<K1 extends keyof R & PathElem, K2 extends keyof R[K1] & PathElem>(key1: K1, key2: K2): Rv<R[K1][K2]>;
  /** A promise of a value three levels down: `rv('a', 'b', 0)`. */
  rv<K1 extends keyof R & PathElem, K2 extends keyof R[K1] & PathElem, K3 extends keyof R[K1][K2] & PathElem>(
    key1: K1,
    key2: K2,
    key3: K3,
  ): Rv<R[K1][K2][K3]>;
  /** A promise of a value deeper in the return value, untyped: `rv(1, 'a', 0, 'b')`. */
  rv(...path: PathElem[]): Rv<unknown>;
  rv(...path: PathElem[]): Rv<unknown> {
    return this.#builder.rv(this.#pending, path);
  }

  /** Add a child: it runs after this job, in parallel with this job's other children. */
  addChild<A extends unknown[], S>(def: JobDef<A, S>, ...args: PromisedArgs<A>): JobHandle<S>;
  /** Make an already-added job also a child of this one (it then waits for both predecessors). */
  addChild<S>(existing: JobHandle<S>): JobHandle<S>;
  addChild(target: JobDef | JobHandle<unknown>, ...args: unknown[]): JobHandle<unknown> {
    checkAdded(this.#builder, target);
    return this.#builder.handle(this.#builder.addJob(this.#attach, 'child', target, args));
  }

  /** Add a follow-on: it runs after this job's children and all their successors have finished. */
  addFollowOn<A extends unknown[], S>(def: JobDef<A, S>, ...args: PromisedArgs<A>): JobHandle<S>;
  /** Make an already-added job also a follow-on of this one. */
  addFollowOn<S>(existing: JobHandle<S>): JobHandle<S>;
  addFollowOn(target: JobDef | JobHandle<unknown>, ...args: unknown[]): JobHandle<unknown> {
    checkAdded(this.#builder, target);
    return this.#builder.handle(this.#builder.addJob(this.#attach, 'followOn', target, args));
  }

  /** Host a service for this job: it starts before this job's successors and stops after they all finish. */
  addService<A extends unknown[], S>(def: ServiceDef<A, S>, ...args: A): ServiceHandle<S> {
    checkAdded(this.#builder, def);
    return this.#builder.serviceHandle(this.#attach, this.#builder.addService(this.#attach, def, args));
  }

  /**
   * Encapsulate this job: successors added to the returned handle run after this job *and all its
   * descendants*, and `rv()` still refers to this job.
   */
  encapsulate(): JobHandle<R> {
    const tail = this.#builder.addJob(this.#pending, 'followOn', ENCAPSULATED_JOB, [], {});
    return new JobHandle<R>(this.#builder, this.#pending, tail);
  }
}

/** A service added to a job: `rv()` is the value its `start()` returns. */
export class ServiceHandle<S> {
  readonly #builder: GraphBuilder;
  readonly #client: PendingJob;
  readonly #service: PendingService;

  /** @internal Made by the graph builder. */
  constructor(builder: GraphBuilder, client: PendingJob, service: PendingService) {
    this.#builder = builder;
    this.#client = client;
    this.#service = service;
  }

  /** A promise of what the service's `start()` returned (e.g. its address). */
  rv(): Rv<S> {
    return new Rv<S>(this.#service.hostId, [], this.#service.def.name);
  }

  /** Add a sub-service, started after this one and stopped before it. */
  addService<A extends unknown[], T>(def: ServiceDef<A, T>, ...args: A): ServiceHandle<T> {
    checkAdded(this.#builder, def);
    return this.#builder.serviceHandle(this.#client, this.#builder.addService(this.#client, def, args, this.#service));
  }
}

/**
 * A definition added during a run must be one every worker has (see checkDefinedAtLoad); handles and bad values pass to
 * the builder.
 */
function checkAdded(builder: GraphBuilder, target: unknown): void {
  const addedBy = builder.top.def?.name ?? builder.top.displayName;
  if (isJobDef(target)) checkDefinedAtLoad('job', target.name, addedBy);
  else if (isServiceDef(target)) checkDefinedAtLoad('service', target.name, addedBy);
}
