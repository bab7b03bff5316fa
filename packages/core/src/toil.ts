import { randomUUID } from 'node:crypto';
import { realpathSync } from 'node:fs';
import { mkdir, rm } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';
import { JobStoreExistsError, LoadError, NoSuchJobStoreError, ToilUsageError, WorkflowNeverStartedError } from './errors.js';
import { FileID, fileIdString, type FileIdLike } from './filestore/file-id.js';
import type { JobStore } from './jobstore/jobstore.js';
import { openJobStore } from './jobstore/open.js';
import { deployWorkflow } from './deploy/deploy.js';
import { isJobDef, type JobDef } from './job/define.js';
import type { WorkflowConfig } from './options/config.js';
import { parseOptions } from './options/parse.js';
import { mergeRestartOptions } from './options/restart.js';
import type { OptionSpec } from './options/spec.js';
import { loggerForConfig, type Logger } from './log/logger.js';
import { cleanForRestart } from './leader/clean.js';
import { assertFinishedRoot, readRootValue, saveRootJob } from './leader/root-job.js';
import { checkJobStore } from './leader/graph-check.js';
import { runLeader, type LeaderProgress } from './leader/run-leader.js';
import { leaderProcessState, readLeaderPid, writeLeaderPid } from './leader/leader-pid.js';
import { localWorkflowDir } from './worker/runtime.js';
import { checkPortFree } from './util/listen.js';
import { loadPlugin } from './plugins/registry.js';

/**
 * The command-line front end of `Toil.main`. main.ts (which needs yargs and this class) registers it when
 * @toil/core loads, so this module does not import main.ts back.
 */
let mainImplementation: ((def: JobDef, argv: string[]) => Promise<void>) | undefined;

/** Called once by main.ts. */
export function setMainImplementation(run: (def: JobDef, argv: string[]) => Promise<void>): void {
  mainImplementation = run;
}

/** Whether the leader that last wrote the store's pid file may still be running (on another host: cannot tell, assume so). */
async function leaderAlive(store: JobStore): Promise<boolean> {
  const record = await readLeaderPid(store);
  return record !== undefined && (await leaderProcessState(record)) !== 'gone';
}

/** Options for `Toil.open`: any workflow option by name (as on the command line), plus these. */
export interface ToilOptions {
  /** Job store locator: a path, `file:<path>`, `aws:<region>:<prefix>`, `google:<project>:<prefix>`. */
  jobStore: string;
  /**
   * The module (path or `import.meta.url`) that defines the workflow's jobs; it is bundled for the workers.
   * Default: the main script (`process.argv[1]`).
   */
  workflowModule?: string;
  /** Any option of `toil run --help`, e.g. `{ maxCores: 2, defaultMemory: '1G', retryCount: 3, restart: true }`. */
  [option: string]: unknown;
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
  private restarted = false;

  private constructor(
    /** The workflow's configuration. */
    readonly config: WorkflowConfig,
    /** The job store. */
    readonly store: JobStore,
    private readonly jobStorePluginUrl: string,
    private readonly extras: OpenExtras,
    readonly log: Logger,
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
    const { jobStore, workflowModule, ...raw } = options;
    const config = parseOptions(raw, { jobStore });
    return Toil.openConfig(config, { workflowModule: workflowModule ?? process.argv[1], explicitOnRestart: raw });
  }

  /** Open from a parsed config (what the CLI does after parsing the command line). */
  static async openConfig(config: WorkflowConfig, extras: OpenExtras = {}): Promise<Toil> {
    const log = extras.logger ?? loggerForConfig(config);
    const { store, pluginUrl } = await openJobStore(config.jobStore);
    let effective: WorkflowConfig;
    if (config.restart) {
      if (!(await store.exists())) throw new NoSuchJobStoreError(config.jobStore);
      if (!(await store.loadRootJobId())) throw new WorkflowNeverStartedError(config.jobStore);
      const stored = await store.resume();
      // Damage (a bad record, a missing job, a wrong root pointer) is found before anything is written to the store.
      await checkJobStore(store);
      const merged = mergeRestartOptions(stored, extras.explicitOnRestart ?? {}, { extraOptions: extras.extraOptions });
      effective = { ...merged, restart: true, workflowAttemptNumber: stored.workflowAttemptNumber + 1 };
      await (await (await loadPlugin('batchSystem', effective.batchSystem)).load()).preflight?.(effective);
      await store.writeConfig(effective);
    } else {
      if (await store.exists()) {
        if ((await store.loadRootJobId()) || (await leaderAlive(store))) throw new JobStoreExistsError(config.jobStore);
        // A leader was killed between creating the store and saving the root job: nothing of a workflow is in it.
        log.warn(`The job store ${config.jobStore} holds no workflow (its leader stopped before saving the root job); replacing it.`);
        await store.destroy();
      }
      // An unknown or uninstalled batch system, or one that cannot run here, fails before a job store is created.
      await (await (await loadPlugin('batchSystem', config.batchSystem)).load()).preflight?.(config);
      if (config.metrics) await checkPortFree(config.metricsPort, { portOption: '--metricsPort', host: config.metricsHost, hostOption: '--metricsHost' });
      effective = { ...config, workflowId: randomUUID(), workflowAttemptNumber: 0 };
      await store.initialize(effective);
    }
    return new Toil(effective, store, pluginUrl, extras, log);
  }

  /** Open, start `def(...args)`, close: the one-line form. Resolves to the root job's return value. */
  static async start<A extends unknown[], R>(options: ToilOptions, def: JobDef<A, R>, ...args: A): Promise<R> {
    await using toil = await Toil.open(options);
    // `return await`: the job store is disposed (per --clean) only after the workflow has ended.
    return await toil.start(def, ...args);
  }

  /** Open an existing job store and resume its workflow. */
  static async restart(options: ToilOptions): Promise<unknown> {
    await using toil = await Toil.open({ ...options, restart: true });
    return await toil.restart();
  }

  /**
   * Let a workflow file run directly with node: `node workflow.js <jobStore> [toil options] --args '[...]'`.
   * Starts `def` (or restarts with `--restart`) and prints the result as JSON.
   */
  static async main<A extends unknown[], R>(def: JobDef<A, R>, argv: string[] = process.argv.slice(2)): Promise<void> {
    if (!mainImplementation) throw new ToilUsageError('Toil.main is unavailable: import Toil from @toil/core.');
    await mainImplementation(def as unknown as JobDef, argv);
  }

  /** Import a URL (file:, http(s):, or the job store's scheme) into the job store. */
  async importFile(url: string, options: { sharedFileName?: string; symlink?: boolean } = {}): Promise<FileID | undefined> {
    const id = await this.store.importFile(url, { symlink: options.symlink ?? this.config.linkImports, sharedFileName: options.sharedFileName });
    if (id === undefined) return undefined;
    return new FileID(id, await this.store.getFileSize(id), await this.store.isExecutable(id));
  }

  /** Export a job-store file to a URL (file: or the job store's scheme). */
  async exportFile(file: FileIdLike, url: string): Promise<void> {
    await this.store.exportFile(fileIdString(file), url);
  }

  /** Run a new workflow from `def(...args)`; resolves to the root job's return value. */
  async start<A extends unknown[], R>(def: JobDef<A, R>, ...args: A): Promise<R> {
    if (this.config.restart) throw new ToilUsageError('This workflow was opened with restart: call toil.restart() instead of toil.start().');
    if (!isJobDef(def)) throw new ToilUsageError("toil.start() needs a job made with defineJob('name', fn) as its first argument.");
    let rootSaved = false;
    try {
      await this.writePid();
      const record = await deployWorkflow(this.store, this.extras.workflowModule, {
        disableAutoDeployment: this.config.disableAutoDeployment,
        cacheDir: join(localWorkflowDir(this.config), 'bundles'),
      });
      if (record.mode !== 'none' && !record.jobNames.includes(def.name)) {
        throw new LoadError(`The job '${def.name}' is not defined by the workflow module ${record.entry}. It defines: ${record.jobNames.filter((n) => !n.startsWith('toil.')).join(', ') || '(no jobs)'}.`);
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

  /** Resume the workflow in the job store; resolves to the root job's return value. */
  async restart(): Promise<unknown> {
    if (!this.config.restart) throw new ToilUsageError('restart() needs the workflow opened with restart: true (--restart).');
    this.restarted = true;
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
        return value;
      }
      if (this.extras.workflowModule) {
        // Redeploy: a restart may come with fixed code (Toil allows editing the script between runs).
        await deployWorkflow(this.store, this.extras.workflowModule, {
          disableAutoDeployment: this.config.disableAutoDeployment,
          cacheDir: join(localWorkflowDir(this.config), 'bundles'),
        });
      }
      await cleanForRestart(this.store, rootId, this.config.retryCount + 1, this.log);
      return await this.runToEnd(rootId);
    } catch (error) {
      this.outcome = 'failure';
      throw error;
    }
  }

  private async runToEnd(rootId: string): Promise<unknown> {
    const workflowDir = localWorkflowDir(this.config);
    await mkdir(workflowDir, { recursive: true });
    let succeeded = false;
    try {
      await runLeader({ config: this.config, store: this.store, rootId, log: this.log, jobStorePluginUrl: this.jobStorePluginUrl, onProgress: this.extras.onProgress, signal: this.extras.signal });
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

  private async writePid(): Promise<void> {
    await writeLeaderPid(this.store);
  }

  /** Delete the job store per `--clean`, as Toil's context manager does on exit. */
  async close(): Promise<void> {
    if (this.config.restart && !this.restarted) return;
    const policy = this.config.clean;
    const destroy = policy === 'always' || (policy === 'onSuccess' && this.outcome === 'success') || (policy === 'onError' && this.outcome === 'failure');
    if (destroy) await this.store.destroy();
  }

  async [Symbol.asyncDispose](): Promise<void> {
    await this.close();
  }
}
