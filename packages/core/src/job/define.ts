import { DuplicateJobNameError, InvalidValueError, ToilError, UnknownJobError } from '../errors.js';
import { validateRequirements, type Requirements } from '../requirements/requirements.js';
import type { CallRequirements } from '../requirements/promised.js';
import type { JobContext } from './context.js';
import type { Unpromised } from './promise.js';

const JOB_DEF = Symbol.for('toil.JobDef');
const SERVICE_DEF = Symbol.for('toil.ServiceDef');
const DEFERRED_DEF = Symbol.for('toil.DeferredDef');

/** What the registry holds: jobs, services and deferred functions, each found by name in any process. */
type DefinitionKind = 'job' | 'service' | 'deferred' | 'requirement';

/** The function of a job: gets the context and the arguments, returns a value, a promise of one, or an `rv()`. */
export type JobFunction<A extends unknown[], R> = (ctx: JobContext, ...args: A) => R | Promise<R>;

/** A named, registered job kind. Create with `defineJob`. */
export interface JobDef<A extends unknown[] = unknown[], R = unknown> {
  /** Stable, unique name: the key workers find the function by. */
  readonly name: string;
  /** Requirements; unset ones take the workflow defaults. Promised ones only on a `withRequirements` copy. */
  readonly requirements: CallRequirements;
  /**
   * This job with some requirements replaced for one call (Toil's `cores=`, `memory=`, ... on `addChildJobFn`):
   * `ctx.addChild(align.withRequirements({ memory: '8G' }), sample)`. Same name and function, so workers find
   * it as usual; cores, memory and disk may be a `promisedRequirement(...)`.
   */
  withRequirements(overrides: CallRequirements): JobDef<A, R>;
  /** The name logs, `toil status` and `toil stats` show for this job (a `named` copy's; else `name`). */
  readonly displayName?: string;
  /**
   * This job shown under another name for one call (Toil's `displayName=`): `ctx.addChild(run.named(stepId), ...)`.
   * Same name and function, so workers find it as usual; a language runner names jobs after its workflow's steps.
   */
  named(displayName: string): JobDef<A, R>;
  /**
   * The job's function. Declared as a method so a specific `JobDef<[number], number>` is still a `JobDef`
   * (method parameters are bivariant), which registries and helpers that take any job rely on.
   */
  fn(ctx: JobContext, ...args: A): unknown;
  /** Phantom: the job's result type. */
  readonly __result?: R;
}

/** A running service's lifecycle. `check` returns true while running, false once finished; throwing fails it. */
export interface ServiceInstance<S> {
  start(): S | Promise<S>;
  check?(): boolean | Promise<boolean>;
  stop(): void | Promise<void>;
}

/** A named service kind, created with `defineService`. */
export interface ServiceDef<A extends unknown[] = unknown[], S = unknown> {
  readonly name: string;
  readonly requirements: Requirements;
  /**
   * This service with some requirements replaced for one `addService` call (Toil's `Job.Service(memory=...)`):
   * `ctx.addService(db.withRequirements({ memory: '8G' }), port)`. Not promised ones: a service starts before the
   * jobs whose results could size it.
   */
  withRequirements(overrides: Requirements): ServiceDef<A, S>;
  /** Builds the service instance on the host; closures may hold its state. (A method, for bivariance.) */
  create(ctx: JobContext, ...args: A): ServiceInstance<S>;
}

/** Name → definition, shared by every copy of this package in the process (bundles may carry their own). */
interface Registry {
  jobs: Map<string, JobDef>;
  services: Map<string, ServiceDef>;
  /** `defineDeferred` functions (made on first use: older copies of this package made registries without it). */
  deferred?: Map<string, DeferredDef>;
  /**
   * While workflow modules are being loaded (see `loadingWorkflowModule`): the names they defined, and how many loads
   * run.
   */
  loading?: { names: Set<string>; depth: number };
  /**
   * `job:<name>` / `service:<name>` of every definition made while a workflow module loaded in this process: the
   * ones every worker has. Unset until a module loads (a process that never loads one has nothing to compare with).
   */
  loaded?: Set<string>;
}
const REGISTRY_KEY = Symbol.for('toil.registry');
function registry(): Registry {
  const g = globalThis as unknown as Record<symbol, Registry>;
  g[REGISTRY_KEY] ??= { jobs: new Map(), services: new Map() };
  return g[REGISTRY_KEY];
}

/**
 * Add a definition to the registry, or throw DuplicateJobNameError for a real clash. Outside a workflow-module load,
 * a redefinition with equal source is allowed (re-evaluating a module in tests or watch mode). During a load, a
 * definition replaces whatever an earlier copy of the module defined: the leader may have imported the module
 * natively before loading its bundle, whose source esbuild reprinted. Only a name defined twice by one load clashes.
 */
function register<T extends { name: string }>(
  map: Map<string, T>,
  kind: DefinitionKind,
  def: T,
  source: (d: T) => string,
): void {
  const loading = registry().loading;
  if (loading) {
    const key = `${kind}:${def.name}`;
    if (loading.names.has(key)) throw new DuplicateJobNameError(def.name);
    loading.names.add(key);
    (registry().loaded ??= new Set()).add(key);
  } else {
    const existing = map.get(def.name);
    if (existing && source(existing) !== source(def)) throw new DuplicateJobNameError(def.name);
  }
  map.set(def.name, def);
}

/**
 * @internal Run `load`, an import of a workflow module (or its bundle), so its definitions may replace earlier copies.
 */
export async function loadingWorkflowModule<T>(load: () => Promise<T>): Promise<T> {
  const reg = registry();
  reg.loading ??= { names: new Set(), depth: 0 };
  reg.loading.depth++;
  try {
    return await load();
  } finally {
    if (--reg.loading.depth === 0) reg.loading = undefined;
  }
}

/**
 * A job or service added by a running job whose definition was not made while the workflow module loaded, e.g.
 * by `defineJob` inside a job's body: only a worker that ran that body knows it, so whether its jobs run would
 * depend on which worker picks them up.
 */
export class NotTopLevelError extends ToilError {
  constructor(
    readonly kind: DefinitionKind,
    readonly name: string,
    readonly addedBy: string,
  ) {
    const define = {
      job: 'defineJob',
      service: 'defineService',
      deferred: 'defineDeferred',
      requirement: 'defineRequirement',
    }[kind];
    super(
      'NOT_TOP_LEVEL',
      `Job '${addedBy}' adds the ${kind} '${name}', which was not defined when the workflow module loaded (${define} inside a job's body?), so a worker that has not run that code cannot run it. Define ${kind}s with ${define} at module top level.`,
    );
  }
}

/**
 * @internal Check, where a running job adds a job or service, that its definition came from loading the workflow
 * module, so every worker can find it by name. Toil's own `toil.*` jobs are defined by core itself.
 */
export function checkDefinedAtLoad(kind: DefinitionKind, name: string, addedBy: string): void {
  const loaded = registry().loaded;
  if (!loaded || name.startsWith('toil.') || loaded.has(`${kind}:${name}`)) return;
  throw new NotTopLevelError(kind, name, addedBy);
}

function checkName(name: unknown, kind: string): asserts name is string {
  if (typeof name !== 'string' || !/^[A-Za-z_$][\w$.:/-]*$/.test(name)) {
    throw new InvalidValueError(`${kind} name`, name, 'use an identifier-like string such as "square" or "align.bwa"');
  }
}

/**
 * Define a job kind. `name` must be unique: a workflow that defines it twice fails at load.
 * ```ts
 * export const square = defineJob('square', async (ctx, x: number) => x * x);
 * export const big = defineJob('big', { cores: 2, memory: '4G' }, async (ctx) => ...);
 * ```
 */
export function defineJob<A extends unknown[], R>(
  name: string,
  fn: JobFunction<A, R>,
): JobDef<A, Unpromised<Awaited<R>>>;
export function defineJob<A extends unknown[], R>(
  name: string,
  requirements: Requirements,
  fn: JobFunction<A, R>,
): JobDef<A, Unpromised<Awaited<R>>>;
export function defineJob(
  name: string,
  a: Requirements | JobFunction<unknown[], unknown>,
  b?: JobFunction<unknown[], unknown>,
): JobDef {
  checkName(name, 'job');
  const fn = typeof a === 'function' ? a : b;
  const requirements = typeof a === 'function' ? {} : a;
  if (typeof fn !== 'function')
    throw new InvalidValueError(`function for job '${name}'`, typeof fn, 'pass a function (ctx, ...args) => result');
  const def = makeJobDef(name, requirements, fn);
  register<JobDef>(registry().jobs, 'job', def, (d) => d.fn.toString());
  return def;
}

/** A frozen JobDef; `withRequirements` copies are not registered: workers look the function up by name. */
function makeJobDef(
  name: string,
  requirements: CallRequirements,
  fn: JobFunction<unknown[], unknown>,
  displayName?: string,
): JobDef {
  validateRequirements(requirements, `job '${name}'`);
  const def: JobDef = Object.freeze({
    name,
    requirements: Object.freeze({ ...requirements }),
    fn,
    withRequirements: (overrides: CallRequirements) =>
      makeJobDef(name, { ...requirements, ...overrides }, fn, displayName),
    named: (shown: string) => makeJobDef(name, requirements, fn, shown),
    ...(displayName === undefined ? {} : { displayName }),
    [JOB_DEF]: true,
  });
  return def;
}

/**
 * Define a service kind: started before the client job's successors, stopped after all of them finish.
 * ```ts
 * export const db = defineService('db', { memory: '1G' }, (ctx, port: number) => {
 *   let server: Server;
 *   return { start: async () => { server = await listen(port); return `localhost:${port}`; }, stop: () =>
 * server.close() };
 * });
 * ```
 */
export function defineService<A extends unknown[], S>(
  name: string,
  create: (ctx: JobContext, ...args: A) => ServiceInstance<S>,
): ServiceDef<A, S>;
export function defineService<A extends unknown[], S>(
  name: string,
  requirements: Requirements,
  create: (ctx: JobContext, ...args: A) => ServiceInstance<S>,
): ServiceDef<A, S>;
export function defineService(name: string, a: unknown, b?: unknown): ServiceDef {
  checkName(name, 'service');
  const create = (typeof a === 'function' ? a : b) as ServiceDef['create'];
  const requirements = (typeof a === 'function' ? {} : a) as Requirements;
  if (typeof create !== 'function')
    throw new InvalidValueError(
      `factory for service '${name}'`,
      typeof create,
      'pass a function (ctx, ...args) => ({ start, check, stop })',
    );
  const def = makeServiceDef(name, requirements, create);
  register<ServiceDef>(registry().services, 'service', def, (d) => d.create.toString());
  return def;
}

/** A frozen ServiceDef; `withRequirements` copies are not registered: hosts look the factory up by name. */
function makeServiceDef(name: string, requirements: Requirements, create: ServiceDef['create']): ServiceDef {
  validateRequirements(requirements, `service '${name}'`);
  const def: ServiceDef = Object.freeze({
    name,
    requirements: Object.freeze({ ...requirements }),
    create,
    withRequirements: (overrides: Requirements) => makeServiceDef(name, { ...requirements, ...overrides }, create),
    [SERVICE_DEF]: true,
  });
  return def;
}

/** True for values made by `defineJob` (in any copy of this package). */
export function isJobDef(value: unknown): value is JobDef {
  return typeof value === 'object' && value !== null && (value as Record<symbol, unknown>)[JOB_DEF] === true;
}

/** True for values made by `defineService`. */
export function isServiceDef(value: unknown): value is ServiceDef {
  return typeof value === 'object' && value !== null && (value as Record<symbol, unknown>)[SERVICE_DEF] === true;
}

/** Look a job up by name; an unknown name lists the registered ones. */
export function lookupJob(name: string): JobDef {
  const def = registry().jobs.get(name);
  // Toil's own helper jobs (toil.*) exist in every process; listing them would only confuse.
  if (!def)
    throw new UnknownJobError(
      name,
      registeredJobNames().filter((n) => !n.startsWith('toil.')),
    );
  return def;
}

/** Look a service up by name. */
export function lookupService(name: string): ServiceDef {
  const def = registry().services.get(name);
  if (!def) throw new UnknownJobError(name, [...registry().services.keys()]);
  return def;
}

/** Names of every registered job, sorted. */
export function registeredJobNames(): string[] {
  return [...registry().jobs.keys()].sort();
}

/** Names of every registered service, sorted. */
export function registeredServiceNames(): string[] {
  return [...registry().services.keys()].sort();
}

/** A named function a job can defer with `ctx.defer`; create with `defineDeferred`. */
export interface DeferredDef<A extends unknown[] = unknown[]> {
  /** Stable, unique name: the key another process finds the function by. */
  readonly name: string;
  /** The function. A method, for bivariance (see JobDef.fn). */
  fn(...args: A): unknown;
}

/**
 * Define a deferred function (Toil's `Job.defer`), at module top level like `defineJob`, so that any process of
 * the workflow can find it by name: a job registers a call with `ctx.defer(def, ...args)`, and it runs when the job
 * ends, or in the next worker on that node when the job's worker was killed. Arguments go through the codec.
 * ```ts
 * export const removeContainer = defineDeferred('removeContainer', async (id: string) => docker.remove(id));
 * ```
 */
export function defineDeferred<A extends unknown[]>(name: string, fn: (...args: A) => unknown): DeferredDef<A> {
  checkName(name, 'deferred function');
  if (typeof fn !== 'function')
    throw new InvalidValueError(`function for deferred '${name}'`, typeof fn, 'pass a function (...args) => void');
  const def = Object.freeze({ name, fn, [DEFERRED_DEF]: true });
  register<DeferredDef>((registry().deferred ??= new Map()), 'deferred', def as DeferredDef, (d) => d.fn.toString());
  return def;
}

/** True for values made by `defineDeferred` (in any copy of this package). */
export function isDeferredDef(value: unknown): value is DeferredDef {
  return typeof value === 'object' && value !== null && (value as Record<symbol, unknown>)[DEFERRED_DEF] === true;
}

/** The deferred function registered under `name`, if any. */
export function findDeferred(name: string): DeferredDef | undefined {
  return registry().deferred?.get(name);
}
