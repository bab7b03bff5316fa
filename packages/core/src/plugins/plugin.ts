import type { BatchSystem, BatchSystemContext } from '../batch/batch-system.js';
import type { WorkflowConfig } from '../options/config.js';
import type { JobStore } from '../jobstore/jobstore.js';

/** Description of an extra command-line option a backend adds (kept structural so core stays yargs-free here). */
export interface PluginOption {
  /** Option name without dashes, e.g. `parasolCommand`. */
  name: string;
  type: 'string' | 'number' | 'boolean';
  default?: string | number | boolean;
  /** Help text. */
  description: string;
}

/**
 * A job store backend. Its package exports `plugin` from its main module; the descriptor is cheap and the
 * implementation is created only when a locator with its scheme is opened.
 */
export interface JobStorePlugin {
  kind: 'jobStore';
  /** Locator scheme, e.g. `file`, `aws`, `google`. */
  name: string;
  /** npm package that provides it. */
  packageName: string;
  /** URL of the module that exports this plugin, so worker processes can load it too. */
  moduleUrl: string;
  /** Open (not initialize) a store for a locator. */
  create(locator: string): JobStore;
}

/** A batch system backend. */
export interface BatchSystemPlugin {
  kind: 'batchSystem';
  /** Value of `--batchSystem`, e.g. `single_machine`, `slurm`. */
  name: string;
  packageName: string;
  moduleUrl: string;
  /** Options this backend adds to the command line (shown by `toil --help` without loading the backend). */
  options?: PluginOption[];
  /** Load the implementation lazily (heavy SDKs stay unloaded until used). */
  load(): Promise<{
    create(context: BatchSystemContext): BatchSystem | Promise<BatchSystem>;
    /**
     * Checks that can fail before anything is written (scheduler commands on PATH, backend settings), so a
     * workflow that cannot run leaves no job store behind. Throws a one-line ToilError.
     */
    preflight?(config: WorkflowConfig): void | Promise<void>;
  }>;
}

/** Any plugin. */
export type ToilPlugin = JobStorePlugin | BatchSystemPlugin;

/** Plugin kinds, as used in messages. */
export const PLUGIN_KIND_NAMES: Record<ToilPlugin['kind'], string> = { jobStore: 'job store', batchSystem: 'batch system' };

/** Which package provides which backend. Names missing here can still be added with `registerPlugin`. */
export const KNOWN_PLUGINS: { [K in ToilPlugin['kind']]: Record<string, string> } = {
  jobStore: {
    file: '@toil/jobstore-file',
    aws: '@toil/jobstore-aws',
    google: '@toil/jobstore-gcs',
  },
  batchSystem: {
    single_machine: '@toil/batch-single-machine',
    slurm: '@toil/batch-slurm',
    lsf: '@toil/batch-lsf',
    grid_engine: '@toil/batch-gridengine',
    torque: '@toil/batch-torque',
    htcondor: '@toil/batch-htcondor',
    parasol: '@toil/batch-parasol',
    kubernetes: '@toil/batch-kubernetes',
    mesos: '@toil/batch-mesos',
  },
};
