/**
 * Every error a user can cause has its own class with a stable `code` and a message that quotes the bad
 * value and says what would work. The CLI prints `error.message` alone (no stack) for any ToilError
 * whose `userFacing` is true.
 */

/** Brand shared across copies of this package (a bundled workflow and the worker may load two). */
const TOIL_ERROR = Symbol.for('toil.error');

/** Base class of every error Toil raises on purpose. */
export class ToilError extends Error {
  /** Stable machine-readable identifier, e.g. `JOB_STORE_EXISTS`. */
  readonly code: string;
  /** True when the error is the user's input, so the CLI prints one line and no stack trace. */
  readonly userFacing: boolean;

  constructor(code: string, message: string, options?: { cause?: unknown; userFacing?: boolean }) {
    super(message, options?.cause === undefined ? undefined : { cause: options.cause });
    this.name = new.target.name;
    this.code = code;
    this.userFacing = options?.userFacing ?? true;
    (this as unknown as Record<symbol, boolean>)[TOIL_ERROR] = true;
  }

  /** Cross-realm check: true for ToilErrors from any copy of this package. */
  static is(value: unknown): value is ToilError {
    return typeof value === 'object' && value !== null && (value as Record<symbol, unknown>)[TOIL_ERROR] === true;
  }
}

/** A job store already exists where a new workflow was asked to start. */
export class JobStoreExistsError extends ToilError {
  constructor(readonly locator: string) {
    super(
      'JOB_STORE_EXISTS',
      `The job store '${locator}' already exists. Use --restart to resume the workflow, or remove the job store with 'toil clean ${locator}' to start the workflow from scratch.`,
    );
  }
}

/** `--restart` (or a utility) named a job store that does not exist. */
export class NoSuchJobStoreError extends ToilError {
  /** @param remedy What would work instead; the default suits `--restart`. */
  constructor(
    readonly locator: string,
    remedy = 'so there is nothing to restart. Check the path, or drop --restart to start a new workflow.',
  ) {
    super('NO_SUCH_JOB_STORE', `The job store '${locator}' does not exist, ${remedy}`);
  }
}

/** The leader stopped because it was asked to (`toil kill`, SIGTERM, Ctrl-C); the job store is kept for --restart. */
export class WorkflowKilledError extends ToilError {
  /** @param how Who stopped it, e.g. `toil kill` or `SIGTERM`. */
  constructor(
    readonly locator: string,
    readonly how: string,
  ) {
    super(
      'KILLED',
      `The workflow was killed (${how}). Its job store ${locator} is kept; run the same command with --restart to resume.`,
    );
  }
}

/**
 * `--restart` of a job store whose first leader stopped (was killed) after creating the store but before saving
 * the root job: there is no workflow in it to resume.
 */
export class WorkflowNeverStartedError extends ToilError {
  constructor(readonly locator: string) {
    super(
      'WORKFLOW_NEVER_STARTED',
      `The job store '${locator}' holds no workflow: its leader stopped before it saved the root job, so there is nothing to restart. Run the same command without --restart to start the workflow (the empty job store is replaced).`,
    );
  }
}

/** A locator string that no job store understands. */
export class InvalidLocatorError extends ToilError {
  constructor(
    readonly locator: string,
    detail: string,
  ) {
    super('INVALID_LOCATOR', `Invalid job store locator '${locator}': ${detail}`);
  }
}

/** A job ID that is not in the job store. */
export class NoSuchJobError extends ToilError {
  constructor(readonly jobId: string) {
    super('NO_SUCH_JOB', `The job '${jobId}' does not exist.`, { userFacing: false });
  }
}

/** A file ID that is not in the job store. */
export class NoSuchFileError extends ToilError {
  constructor(
    readonly fileId: string,
    customName?: string,
  ) {
    super(
      'NO_SUCH_FILE',
      customName ? `File '${fileId}' (${customName}) does not exist.` : `File '${fileId}' does not exist.`,
    );
  }
}

/** Two writers raced on one file. */
export class ConcurrentFileModificationError extends ToilError {
  constructor(readonly fileId: string) {
    super('CONCURRENT_FILE_MODIFICATION', `Concurrent update to file ${fileId} detected.`, { userFacing: false });
  }
}

/** A URL given to import or export that no handler accepts. */
export class InvalidImportExportUrlError extends ToilError {
  constructor(
    readonly url: string,
    detail = 'use a file:, http: or https: URL, or install the job store package for its scheme',
  ) {
    super('INVALID_URL', `The URL '${url}' is invalid: ${detail}.`);
  }
}

/** A value that the codec cannot carry (a closure, a class instance, a symbol, a cycle). */
export class EncodeError extends ToilError {
  constructor(
    readonly path: string,
    detail: string,
  ) {
    super(
      'NOT_ENCODABLE',
      `Cannot encode ${path}: ${detail}. Pass plain data (JSON, FileID, Uint8Array, bigint, Date, Map, Set, undefined) or a promise from rv().`,
    );
  }
}

/** A stored value written by a newer codec than this one understands. */
export class CodecVersionError extends ToilError {
  constructor(
    readonly found: unknown,
    readonly supported: number,
  ) {
    super(
      'CODEC_VERSION',
      `Stored data has codec version ${JSON.stringify(found)}, but this Toil reads version ${supported}. Upgrade @toil/core to read this job store.`,
    );
  }
}

/** A value nested deeper than the codec's limit: refused with one line instead of a stack overflow. */
export class NestingTooDeepError extends ToilError {
  /** @param what What could not be done, e.g. `encode arguments of 'square'`. */
  constructor(
    readonly what: string,
    readonly limit: number,
  ) {
    super(
      'NESTING_TOO_DEEP',
      `Cannot ${what}: it nests deeper than ${limit} levels, the codec's limit. Flatten the data (a list instead of a linked structure), or write it to a file with ctx.fileStore.writeGlobalFile and pass the FileID.`,
    );
  }
}

/** A `--restart` whose module, `--job` or `--args` differ from the workflow the job store holds. */
export class RestartMismatchError extends ToilError {
  /** @param what The part that differs. */
  constructor(
    readonly locator: string,
    readonly what: 'module' | 'job' | 'args',
    message: string,
  ) {
    super('RESTART_MISMATCH', message);
  }
}

/** A requirement or option value that cannot be parsed. */
export class InvalidValueError extends ToilError {
  constructor(
    readonly what: string,
    readonly value: unknown,
    hint: string,
  ) {
    super('INVALID_VALUE', `Invalid ${what} ${JSON.stringify(value)}: ${hint}`);
  }
}

/** The job graph built by a job is not a valid DAG, or uses a promise that cannot be fulfilled in time. */
export class JobGraphError extends ToilError {
  constructor(message: string) {
    super('JOB_GRAPH', message);
  }
}

/** A job name that no loaded workflow module defines. */
export class UnknownJobError extends ToilError {
  constructor(
    readonly jobName: string,
    available: readonly string[],
  ) {
    super(
      'UNKNOWN_JOB',
      `No job named '${jobName}' is registered. Available: ${available.length ? available.join(', ') : '(none)'}.`,
    );
  }
}

/** Two jobs defined with one name. */
export class DuplicateJobNameError extends ToilError {
  constructor(readonly jobName: string) {
    super(
      'DUPLICATE_JOB_NAME',
      `A job named '${jobName}' is already defined. Job names must be unique within a workflow; rename one of them.`,
    );
  }
}

/** A job asks for more resources than the batch system can ever give. */
export class InsufficientResourcesError extends ToilError {
  constructor(
    readonly jobName: string,
    resource: string,
    requested: string,
    available: string,
    flag: string,
  ) {
    super(
      'INSUFFICIENT_RESOURCES',
      `Job '${jobName}' requests ${requested} of ${resource}, but the batch system allows at most ${available}. Lower the job's ${resource} requirement or raise ${flag}.`,
    );
  }
}

/**
 * With `--provisioner`, a job that no node type of `--nodeTypes` can run (too big, or not preemptible when every
 * node type is): the autoscaler would never start a node for it, so the workflow would hang (Toil's caveat).
 */
export class NoNodeTypeFitsError extends ToilError {
  /**
   * @param needs The job's requirements, described.
   * @param largest The largest node type and what one of its nodes offers, described.
   */
  constructor(
    readonly jobName: string,
    needs: string,
    largest: string,
  ) {
    super(
      'NO_NODE_TYPE_FITS',
      `Job '${jobName}' needs ${needs}, which no node type in --nodeTypes can run; the largest is ${largest}. Add a node type that fits to --nodeTypes, or lower the job's requirements.`,
    );
  }
}

/** Jobs failed and ran out of retries. */
export class FailedJobsError extends ToilError {
  constructor(
    readonly failedJobs: readonly { id: string; name: string }[],
    readonly locator: string,
  ) {
    super(
      'FAILED_JOBS',
      `The workflow failed: ${failedJobs.length} job(s) ran out of retries (${failedJobs
        .slice(0, 5)
        .map((j) => `'${j.name}' ${j.id}`)
        .join(
          ', ',
        )}${failedJobs.length > 5 ? ', ...' : ''}). Fix the cause and run again with --restart to resume from the job store ${locator}.`,
    );
  }
}

/** A workflow module or plugin could not be loaded. */
export class LoadError extends ToilError {
  constructor(message: string, options?: { cause?: unknown }) {
    super('LOAD_ERROR', message, options);
  }
}

/** A backend package that is not installed. */
export class MissingPluginError extends ToilError {
  constructor(
    readonly kind: string,
    readonly pluginName: string,
    readonly packageName: string,
  ) {
    super(
      'MISSING_PLUGIN',
      `The ${kind} '${pluginName}' needs the package ${packageName}, which is not installed. Install it with: pnpm add ${packageName}   (or npm install ${packageName})`,
    );
  }
}

/** A backend name that no known package provides. */
export class UnknownPluginError extends ToilError {
  constructor(
    readonly kind: string,
    readonly pluginName: string,
    known: readonly string[],
  ) {
    super('UNKNOWN_PLUGIN', `Unknown ${kind} '${pluginName}'. Choose one of: ${known.join(', ')}.`);
  }
}

/** API misuse, e.g. starting a workflow on a job store opened for restart. */
export class ToilUsageError extends ToilError {
  constructor(message: string) {
    super('USAGE', message);
  }
}

/**
 * An entry of the stats/logging channel that its reader cannot use (not JSON, or not a record's shape). Thrown
 * from a `readStatsAndLogging` callback, it asks the store to set that entry aside (keep it, never pass it again)
 * and go on with the next ones; any other error leaves the entry in the channel to be passed again.
 */
export class MalformedStatsBlobError extends ToilError {
  static readonly code = 'MALFORMED_STATS_BLOB';

  constructor(
    readonly blob: string,
    detail: string,
  ) {
    const excerpt = blob.length > 80 ? `${blob.slice(0, 80)}...` : blob;
    super(
      MalformedStatsBlobError.code,
      `The stats/logging entry ${JSON.stringify(excerpt)} is not a valid record: ${detail}.`,
    );
  }

  /** Cross-realm check (a store package may hold another copy of this class). */
  static is(value: unknown): value is MalformedStatsBlobError {
    return ToilError.is(value) && value.code === MalformedStatsBlobError.code;
  }
}

/** Another live process (a leader, `toil clean`, `toil debug-job`) holds the job store's lock. */
export class JobStoreInUseError extends ToilError {
  constructor(
    readonly locator: string,
    readonly holder: { pid: number; host: string; purpose?: string; startedAt?: string } | undefined,
  ) {
    const who = holder
      ? `${holder.purpose === 'clean' || holder.purpose === 'debug-job' ? `'toil ${holder.purpose}'` : 'the leader'} pid ${holder.pid} on host ${holder.host}${holder.startedAt ? ` (since ${holder.startedAt})` : ''}`
      : 'another process';
    super(
      'JOB_STORE_IN_USE',
      `The job store '${locator}' is in use by ${who}. Wait for it to finish, or stop it with 'toil kill ${locator}'; only one leader may work on a job store at a time.`,
    );
  }
}

/**
 * A job store whose records cannot be what Toil wrote: a truncated or garbled file, a record with missing or
 * wrongly-typed fields, a root pointer to nothing, a job graph with a record missing. Nothing is changed in it.
 */
export class DamagedJobStoreError extends ToilError {
  /**
   * @param locator The job store.
   * @param where The damaged part: a file path (file store) or a record ID, e.g. `job record 'job123'`.
   * @param problem What is wrong with it, e.g. `is not valid JSON (Unexpected end of JSON input)`.
   */
  constructor(
    readonly locator: string,
    readonly where: string,
    readonly problem: string,
  ) {
    super(
      'DAMAGED_JOB_STORE',
      `The job store ${locator} is damaged: ${where} ${problem}. Nothing was changed; restore the job store from a copy, or delete it with 'toil clean ${locator}' and run the workflow again.`,
    );
  }
}

/**
 * The disk (or the quota) holding the job store, or another file the leader writes, is full. Every job-store
 * write is a temp file renamed into place, so the store is left consistent and `--restart` resumes.
 */
export class NoSpaceLeftError extends ToilError {
  /**
   * @param path The file being written, when the system named it (a failed `write` names none).
   * @param errno `ENOSPC` (device full) or `EDQUOT` (quota exceeded).
   * @param options.locator The job store, when known.
   */
  constructor(
    readonly path: string | undefined,
    readonly errno: string,
    options?: { cause?: unknown; locator?: string },
  ) {
    const locator = options?.locator;
    const why = errno === 'EDQUOT' ? 'disk quota exceeded' : 'device full';
    const where =
      path !== undefined
        ? `on the device holding '${path}'`
        : locator
          ? `on the device holding the job store ${locator}`
          : 'on a device';
    const store = locator && path !== undefined ? `The job store ${locator}` : locator ? 'It' : 'The job store';
    super(
      'NO_SPACE_LEFT',
      `No space left ${where} (${why}). ${store} is intact: free some space, then run the same command with --restart to resume.`,
      {
        cause: options?.cause,
      },
    );
  }

  /**
   * The NoSpaceLeftError for `error` if it (or an error in its `cause` chain) is an ENOSPC or EDQUOT from the
   * system, else undefined. `locator` names the job store, which stands for the path when the error has none.
   */
  static from(error: unknown, locator?: string): NoSpaceLeftError | undefined {
    for (let e = error, depth = 0; e instanceof Error && depth < 10; e = e.cause, depth++) {
      if (NoSpaceLeftError.is(e)) return e;
      const { code, path } = e as NodeJS.ErrnoException;
      if (code === 'ENOSPC' || code === 'EDQUOT') return new NoSpaceLeftError(path, code, { cause: error, locator });
    }
    return undefined;
  }

  /** Cross-realm check. */
  static is(value: unknown): value is NoSpaceLeftError {
    return ToilError.is(value) && value.code === 'NO_SPACE_LEFT';
  }
}

/** A plugin module that cannot be used: not found, failed to import, or exports no valid `plugin`/`plugins`. */
export class BadPluginError extends ToilError {
  constructor(
    readonly module: string,
    problem: string,
    options?: { cause?: unknown },
  ) {
    super('BAD_PLUGIN', `The Toil plugin module '${module}' ${problem}.`, options);
  }
}

/** Two plugin modules provide the same kind and name (`--batchSystem echo` from two packages). */
export class DuplicatePluginError extends ToilError {
  constructor(
    readonly kind: string,
    readonly pluginName: string,
    readonly modules: readonly [string, string],
  ) {
    super(
      'DUPLICATE_PLUGIN',
      `The ${kind} '${pluginName}' is provided by both '${modules[0]}' and '${modules[1]}'. Uninstall one, or drop one from TOIL_PLUGINS.`,
    );
  }
}

/** `toil destroy-cluster` found job stores of the cluster but could not destroy them (they are left). */
export class ClusterJobStoresError extends ToilError {
  constructor(
    readonly clusterName: string,
    /** One `locator: reason` per store left. */
    readonly failures: readonly string[],
  ) {
    super(
      'CLUSTER_JOB_STORES',
      `Cluster '${clusterName}': its instances are removed, but ${failures.length} of its job stores could not be ` +
        `destroyed (${failures.join('; ')}). Check the credentials of the store's service, then run ` +
        `'toil clean <locator>' for each, or destroy-cluster again.`,
    );
  }
}
