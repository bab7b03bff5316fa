import { randomUUID } from 'node:crypto';
import { EventEmitter } from 'node:events';
import { realpathSync } from 'node:fs';
import { mkdir, rm } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';
import {
  InvalidImportExportUrlError,
  JobStoreExistsError,
  LoadError,
  NoSuchJobStoreError,
  ToilError,
  ToilUsageError,
  WorkflowNeverStartedError,
} from './errors.js';
import { FileID, fileIdString, type FileIdLike } from './filestore/file-id.js';
import type { JobStore } from './jobstore/jobstore.js';
import { openJobStore } from './jobstore/open.js';
import { deployWorkflow } from './deploy/deploy.js';
import { isJobDef, type JobDef } from './job/define.js';
import type { WorkflowConfig } from './options/config.js';
import type { ToilOptionsInput } from './options/input.js';
import { parseOptions } from './options/parse.js';
import { mergeRestartOptions } from './options/restart.js';
import type { OptionSpec } from './options/spec.js';
import { loggerForConfig, type Logger } from './log/logger.js';
import { cleanForRestart } from './leader/clean.js';
import { assertFinishedRoot, readRootValue, saveRootJob } from './leader/root-job.js';
import { checkJobStore } from './leader/graph-check.js';
import { runLeader, type LeaderProgress } from './leader/run-leader.js';
import { jobEventSource, type JobEvent, type LeaderEvents } from './leader/events.js';
import { writeLeaderPid } from './leader/leader-pid.js';
import { acquireLeaderLock, type LeaderLock } from './leader/leader-lock.js';
import { localWorkflowDir } from './worker/runtime.js';
import { checkPortFree } from './util/listen.js';
import { loadPlugin } from './plugins/registry.js';
import { checkBackendOptionNames } from './plugins/backend-options.js';
import { pluginOptionSpecs } from './plugins/option-specs.js';
import { exportUrl, importUrl } from './jobstore/url-schemes.js';

/**
 * The command-line front end of `Toil.main`. main.ts (which needs yargs and this class) registers it when
 * @toil/core loads, so this module does not import main.ts back.
 */
let mainImplementation: ((def: JobDef, argv: string[]) => Promise<void>) | undefined;

/** Called once by main.ts. */
export function setMainImplementation(run: (def: JobDef, argv: string[]) => Promise<void>): void {
  mainImplementation = run;
}

/**
 * The config of a `--restart`: the stored one with the options given now. The store is where the user says it
 * is now: a store copied or moved since its workflow started runs at its new place (never at the stored path,
 * which may be the original of a copy) and gets a new workflow ID, so that its node-local work directory
 * (`<workDir>/toil-<workflowId>`) is not shared with the original's.
 */
async function restartConfig(
  store: JobStore,
  config: WorkflowConfig,
  extras: OpenExtras,
  log: Logger,
): Promise<WorkflowConfig> {
  if (!(await store.loadRootJobId())) throw new WorkflowNeverStartedError(config.jobStore);
  const stored = await store.resume();
  // Damage (a bad record, a missing job, a wrong root pointer) is found before anything is written to the store.
  await checkJobStore(store);
  const merged = mergeRestartOptions(stored, extras.explicitOnRestart ?? {}, { extraOptions: extras.extraOptions });
  const effective: WorkflowConfig = {
    ...merged,
    jobStore: config.jobStore,
    restart: true,
    workflowAttemptNumber: stored.workflowAttemptNumber + 1,
  };
  if (stored.jobStore !== config.jobStore) {
    effective.workflowId = randomUUID();
    log.info(
      `The job store ${config.jobStore} was created as ${stored.jobStore} (it was copied or moved): its workflow resumes here, as workflow ${effective.workflowId}.`,
    );
  }
  return effective;
}

/**
 * Create a new job store and take its lock. Creation is atomic, so of two leaders starting together on one new
 * store exactly one creates it; the other finds it existing and, after taking the lock to look, refuses: the
 * store is in use (lock held), or holds a workflow (use --restart). A store whose leader died before saving the
 * root job holds nothing of a workflow and is replaced.
 */
async function createLockedStore(store: JobStore, config: WorkflowConfig, log: Logger): Promise<LeaderLock> {
  for (let round = 0; round < 3; round++) {
    try {
      await store.initialize(config);
    } catch (error) {
      if (!(ToilError.is(error) && error.code === 'JOB_STORE_EXISTS')) throw error;
      // Quiet: a dead leader's lock taken over here is released at once unless the store is replaced below.
      const probe = await acquireLeaderLock(store, { purpose: 'run', heartbeat: false });
      let rootId: string | undefined;
      try {
        rootId = await store.loadRootJobId();
      } catch (damaged) {
        await probe.release();
        throw damaged;
      }
      if (rootId) {
        await probe.release();
        throw new JobStoreExistsError(config.jobStore);
      }
      log.warn(
        `The job store ${config.jobStore} holds no workflow (its leader stopped before saving the root job); replacing it.`,
      );
      await store.destroy();
      continue;
    }
    // Whoever squeezed in between our create and this lock (seeing "no root job yet") replaced the store and
    // runs; acquiring then refuses, naming it, and we leave its store alone.
    return await acquireLeaderLock(store, { purpose: 'run', log });
  }
  throw new JobStoreExistsError(config.jobStore);
}

/**
 * Options for `Toil.open`: every workflow option of `toil run --help` by name, typed (`{ maxCores: 2,
 * defaultMemory: '1G', retryCount: 3 }`; a misspelt name does not compile, and from JavaScript it throws, naming
 * the nearest options), plus these.
 */
export interface ToilOptions extends ToilOptionsInput {
  /** Job store locator: a path, `file:<path>`, `aws:<region>:<prefix>`, `google:<project>:<prefix>`. */
  jobStore: string;
  /**
   * The module (path or `import.meta.url`) that defines the workflow's jobs; it is bundled for the workers.
   * Default: the main script (`process.argv[1]`).
   */
  workflowModule?: string;
  /**
   * Aborting it stops a running workflow cleanly: issued jobs are killed, the batch system is shut down, and
   * `start()`/`restart()` reject with WorkflowKilledError (code `KILLED`); `--restart` resumes it later.
   */
  signal?: AbortSignal;
  /**
   * Options of the batch system the workflow runs on, which its package adds to `toil run --help`: with
   * `batchSystem: 'slurm'`, `{ slurmJobArrays: false }` (the value of `--slurmJobArrays false`). Read by the
   * backend from `config.extra`; a name the chosen batch system does not have is refused, naming the ones it has.
   */
  backendOptions?: Readonly<Record<string, string | number | boolean>>;
}

/** The events of {@link Toil.on}. */
export interface ToilEventMap {
  /** A job was issued, completed, failed one attempt, was retried, or was lost; with the totals so far. */
  job: [event: JobEvent];
  /** The leader's counts changed (jobs completed, issued, running, queued, failed for good). */
  progress: [progress: LeaderProgress];
}

/** Extras for opening from an already-parsed config (the CLI). */
export interface OpenExtras {
  workflowModule?: string;
  /** Raw options given explicitly (command line or object); on restart they override the stored config. */
  explicitOnRestart?: Record<string, unknown>;
  logger?: Logger;
  onProgress?(progress: LeaderProgress): void;
  /** Aborting stops a running leader cleanly (batch system shut down) with WorkflowKilledError; see runLeader. */
  signal?: AbortSignal;
  /** Options that installed backends add (`--slurmJobArrays`, ...), so explicit ones override on restart too. */
  extraOptions?: readonly OptionSpec[];
}

/**
 * A workflow and its job store (Toil's `Toil` context manager). Use with `await using`:
 * ```ts
 * await using toil = await Toil.open({ jobStore: './js', maxCores: 2 });
 * const result = toil.config.restart ? await toil.restart() : await toil.start(fanout, 100);
 * ```
 * Disposal deletes the job store according to `--clean` (default: on success).
 */
export class Toil implements AsyncDisposable {
  private outcome: 'none' | 'success' | 'failure' = 'none';
  /** start() or restart() was called: until then, close() treats the Toil as never used. */
  private used = false;
  private readonly emitter = new EventEmitter<ToilEventMap>();

  private constructor(
    /** The workflow's configuration. */
    readonly config: WorkflowConfig,
    /** The job store. */
    readonly store: JobStore,
    private readonly jobStorePluginUrl: string,
    private readonly extras: OpenExtras,
    readonly log: Logger,
    private readonly lock: LeaderLock,
  ) {}

  /**
   * True when the module whose `import.meta` is given is the script node was started with: the leader's entry
   * point, not a copy loaded by a worker (Python's `if __name__ == '__main__'`). Bundled copies have their own URL.
   */
  static isMain(meta: { url: string }): boolean {
    const script = process.argv[1];
    if (!script || !meta.url.startsWith('file:')) return false;
    try {
      return realpathSync(fileURLToPath(meta.url)) === realpathSync(script);
    } catch {
      return false;
    }
  }

  /** Open a job store: create it for a new workflow, or resume it when `restart` is set. */
  static async open(options: ToilOptions): Promise<Toil> {
    if (typeof options !== 'object' || options === null || typeof options.jobStore !== 'string') {
      throw new ToilUsageError(
        "Toil.open() needs an options object with a jobStore, e.g. Toil.open({ jobStore: './js' }).",
      );
    }
    const { jobStore, workflowModule, signal, backendOptions, ...core } = options;
    // The chosen batch system's own options (and their TOIL_<NAME> variables and defaults) count as the CLI's do.
    const batchSystem = parseOptions(core as Record<string, unknown>, { jobStore }).batchSystem;
    const extraOptions = pluginOptionSpecs(await loadPlugin('batchSystem', batchSystem));
    checkBackendOptionNames(backendOptions ?? {}, extraOptions, batchSystem);
    const raw = { ...core, ...backendOptions } as Record<string, unknown>;
    const config = parseOptions(raw, { jobStore, extraOptions });
    return Toil.openConfig(config, {
      workflowModule: workflowModule ?? process.argv[1],
      explicitOnRestart: raw,
      signal,
      extraOptions,
    });
  }

  /**
   * Listen to the running workflow: `'job'` events (issued, completed, failed, retried, missing, each with the
   * totals so far) and `'progress'` counts. An event emitter rather than an async iterator because the leader
   * must never wait for its observer: listeners run synchronously as things happen, nothing is buffered for a
   * slow reader, and with no listener the leader does no work for it. A listener that throws is logged and does not
   * stop the workflow.
   */
  on<E extends keyof ToilEventMap>(event: E, listener: (...args: ToilEventMap[E]) => void): this {
    this.emitter.on(event, listener as never);
    return this;
  }

  /** Remove a listener added with {@link Toil.on}. */
  off<E extends keyof ToilEventMap>(event: E, listener: (...args: ToilEventMap[E]) => void): this {
    this.emitter.off(event, listener as never);
    return this;
  }

  /**
   * Open from a parsed config (what the CLI does after parsing the command line). Takes the job store's leader
   * lock for the life of this object: a second leader on the same store, new or restarted, is refused with
   * JobStoreInUseError naming the first; `close()` releases it.
   */
  static async openConfig(config: WorkflowConfig, extras: OpenExtras = {}): Promise<Toil> {
    const log = extras.logger ?? loggerForConfig(config);
    const { store, pluginUrl } = await openJobStore(config.jobStore);
    if (config.restart) {
      if (!(await store.exists())) throw new NoSuchJobStoreError(config.jobStore);
      const lock = await acquireLeaderLock(store, { purpose: 'restart', log });
      try {
        const effective = await restartConfig(store, config, extras, log);
        await (await (await loadPlugin('batchSystem', effective.batchSystem)).load()).preflight?.(effective);
        await store.writeConfig(effective);
        return new Toil(effective, store, pluginUrl, extras, log, lock);
      } catch (error) {
        await lock.release();
        throw error;
      }
    }
    // An unknown or uninstalled batch system, or one that cannot run here, fails before a job store is created.
    await (await (await loadPlugin('batchSystem', config.batchSystem)).load()).preflight?.(config);
    // Likewise an unknown or uninstalled --provisioner (found, not loaded: its cloud SDK waits for the leader).
    if (config.provisioner !== undefined) await loadPlugin('provisioner', config.provisioner);
    if (config.metrics)
      await checkPortFree(config.metricsPort, {
        portOption: '--metricsPort',
        host: config.metricsHost,
        hostOption: '--metricsHost',
      });
    const effective: WorkflowConfig = { ...config, workflowId: randomUUID(), workflowAttemptNumber: 0 };
    const lock = await createLockedStore(store, effective, log);
    return new Toil(effective, store, pluginUrl, extras, log, lock);
  }

  /** Open, start `def(...args)`, close: the one-line form. Resolves to the root job's return value. */
  static async start<A extends unknown[], R>(options: ToilOptions, def: JobDef<A, R>, ...args: A): Promise<R> {
    await using toil = await Toil.open(options);
    // `return await`: the job store is disposed (per --clean) only after the workflow has ended.
    return await toil.start(def, ...args);
  }

  /** Open an existing job store and resume its workflow. */
  static async restart<R = unknown>(options: ToilOptions, def?: JobDef<never, R>): Promise<R> {
    await using toil = await Toil.open({ ...options, restart: true });
    return await toil.restart(def);
  }

  /**
   * Let a workflow file run directly with node: `node workflow.js <jobStore> [toil options] --args '[...]'`.
   * Starts `def` (or restarts with `--restart`) and prints the result as JSON.
   */
  static async main<A extends unknown[], R>(def: JobDef<A, R>, argv: string[] = process.argv.slice(2)): Promise<void> {
    if (!mainImplementation) throw new ToilUsageError('Toil.main is unavailable: import Toil from @toil/core.');
    await mainImplementation(def as unknown as JobDef, argv);
  }

  /**
   * Import a URL (file:, http(s):, or the scheme of a `urlScheme` plugin such as s3:) into the job store and
   * return its ID. Throws when the source cannot be read (InvalidImportExportUrlError, NoSuchFileError, ...). With
   * `sharedFileName` the file is stored under that name instead and there is no ID: the result is undefined.
   */
  async importFile(url: string, options: { symlink?: boolean }): Promise<FileID>;
  async importFile(url: string, options: { sharedFileName: string; symlink?: boolean }): Promise<undefined>;
  async importFile(url: string): Promise<FileID>;
  async importFile(
    url: string,
    options: { sharedFileName?: string; symlink?: boolean } = {},
  ): Promise<FileID | undefined> {
    const id = await importUrl(this.store, url, {
      symlink: options.symlink ?? this.config.linkImports,
      sharedFileName: options.sharedFileName,
    });
    if (options.sharedFileName !== undefined) return undefined;
    if (id === undefined)
      throw new InvalidImportExportUrlError(
        url,
        'the job store imported nothing from it; check that it names a readable file',
      );
    return new FileID(id, await this.store.getFileSize(id), await this.store.isExecutable(id));
  }

  /** Export a job-store file to a URL (file:, http(s): or the scheme of a `urlScheme` plugin such as s3:). */
  async exportFile(file: FileIdLike, url: string): Promise<void> {
    await exportUrl(this.store, fileIdString(file), url);
  }

  /** Run a new workflow from `def(...args)`; resolves to the root job's return value. */
  async start<A extends unknown[], R>(def: JobDef<A, R>, ...args: A): Promise<R> {
    if (this.config.restart)
      throw new ToilUsageError('This workflow was opened with restart: call toil.restart() instead of toil.start().');
    if (!isJobDef(def))
      throw new ToilUsageError("toil.start() needs a job made with defineJob('name', fn) as its first argument.");
    this.used = true;
    let rootSaved = false;
    try {
      await this.writePid();
      const record = await deployWorkflow(this.store, this.extras.workflowModule, {
        disableAutoDeployment: this.config.disableAutoDeployment,
        cacheDir: join(localWorkflowDir(this.config), 'bundles'),
      });
      if (record.mode !== 'none' && !record.jobNames.includes(def.name)) {
        throw new LoadError(
          `The job '${def.name}' is not defined by the workflow module ${record.entry}. It defines: ${record.jobNames.filter((n) => !n.startsWith('toil.')).join(', ') || '(no jobs)'}.`,
        );
      }
      const rootId = await saveRootJob(this.store, this.config, def, args);
      rootSaved = true;
      return (await this.runToEnd(rootId)) as R;
    } catch (error) {
      this.outcome = 'failure';
      // Nothing of the workflow was saved: remove the store we created, so a corrected rerun starts cleanly.
      if (!rootSaved) {
        await this.store.destroy();
        this.outcome = 'none';
      }
      throw error;
    }
  }

  /**
   * Resume the workflow in the job store; resolves to the root job's return value. Pass the root job's
   * definition (or a type argument) to type the result: `await toil.restart(fanout)` is a number. The definition
   * is only used for its type; the store says which job is the root.
   */
  async restart<R = unknown>(def?: JobDef<never, R>): Promise<R> {
    void def;
    if (!this.config.restart)
      throw new ToilUsageError('restart() needs the workflow opened with restart: true (--restart).');
    this.used = true;
    try {
      await this.writePid();
      const rootId = await this.store.loadRootJobId();
      if (!rootId) throw new WorkflowNeverStartedError(this.config.jobStore);
      if (!(await this.store.jobExists(rootId))) {
        // Finished only if its return value was written; otherwise the root record is missing (damage).
        await assertFinishedRoot(this.store, rootId);
        this.log.warn('The workflow in this job store has already finished; returning its result.');
        const value = await readRootValue(this.store);
        this.outcome = 'success';
        return value as R;
      }
      if (this.extras.workflowModule) {
        // Redeploy: a restart may come with fixed code (Toil allows editing the script between runs).
        await deployWorkflow(this.store, this.extras.workflowModule, {
          disableAutoDeployment: this.config.disableAutoDeployment,
          cacheDir: join(localWorkflowDir(this.config), 'bundles'),
        });
      }
      await cleanForRestart(this.store, rootId, this.config.retryCount + 1, this.log);
      return (await this.runToEnd(rootId)) as R;
    } catch (error) {
      this.outcome = 'failure';
      throw error;
    }
  }

  private async runToEnd(rootId: string): Promise<unknown> {
    const workflowDir = localWorkflowDir(this.config);
    // Private: jobs' temp files and the bundle cache live here, and other users of the host must not read them.
    await mkdir(workflowDir, { recursive: true, mode: 0o700 });
    let succeeded = false;
    try {
      await runLeader({
        config: this.config,
        store: this.store,
        rootId,
        log: this.log,
        jobStorePluginUrl: this.jobStorePluginUrl,
        onProgress: this.extras.onProgress,
        events: this.leaderEvents(),
        signal: this.extras.signal,
      });
      succeeded = true;
    } finally {
      // --cleanWorkDir: the per-workflow scratch directory on this node (bundle cache, job temp dirs).
      const policy = this.config.cleanWorkDir;
      if (policy === 'always' || (policy === 'onSuccess' && succeeded) || (policy === 'onError' && !succeeded)) {
        await rm(workflowDir, { recursive: true, force: true });
      }
    }
    const value = await readRootValue(this.store);
    this.outcome = 'success';
    return value;
  }

  /** Events for `on()` listeners; none when nobody listens, so the leader does no work for them. */
  private leaderEvents(): LeaderEvents | undefined {
    if (this.emitter.listenerCount('job') + this.emitter.listenerCount('progress') === 0) return undefined;
    return jobEventSource(
      (event) => this.emitter.emit('job', event),
      (progress) => this.emitter.emit('progress', progress),
      (error) =>
        this.log.warn(`A toil.on() listener threw, ignored: ${error instanceof Error ? error.message : String(error)}`),
    );
  }

  private async writePid(): Promise<void> {
    await writeLeaderPid(this.store);
  }

  /**
   * Delete the job store per `--clean`, as Toil's context manager does on exit, and release its lock. A Toil
   * opened for a new workflow and never started is a clean exit, as in Toil: the store it created (which holds
   * no workflow) is deleted unless `clean` is `never` or `onError`. A restart-opened Toil that never restarted
   * leaves the store alone: it holds a workflow this object did not create.
   */
  async close(): Promise<void> {
    try {
      if (this.config.restart && !this.used) return;
      const outcome = this.used ? this.outcome : 'success';
      const policy = this.config.clean;
      const destroy =
        policy === 'always' ||
        (policy === 'onSuccess' && outcome === 'success') ||
        (policy === 'onError' && outcome === 'failure');
      // start() already removed a store it failed to save a workflow in ('none').
      if (destroy && !(this.used && outcome === 'none')) await this.store.destroy();
    } finally {
      await this.lock.release();
    }
  }

  async [Symbol.asyncDispose](): Promise<void> {
    await this.close();
  }
}
