import type { BatchSystem, BatchSystemContext, JobStore } from '@toil/core/backend';

/** What a batch system backend gives `describeBatchSystemContract`. */
export interface BatchSystemContractSetup {
  /**
   * Make the batch system under test from the context the suite builds (a config for the suite's job store,
   * `maxCores` below, no memory or disk caps). Called before every test; the suite shuts it down after the test.
   */
  create(context: BatchSystemContext): Promise<BatchSystem> | BatchSystem;
  /**
   * `--maxCores` for the batch system: at least 1, and no more cores than it can really run at once here, since the
   * suite checks both that `maxCores` jobs fit and that no more than `maxCores` one-core jobs ever run together.
   */
  maxCores: number;
  /**
   * A new job store in `dir` (which does not exist yet), not initialized, that the batch system's workers can
   * reach; and the URL of the store's plugin module, which workers import to open it
   * (`BatchSystemContext.pluginPaths`).
   * The suite initializes it, deploys its fixture workflow into it, and destroys it at the end.
   */
  makeStore(dir: string): Promise<{ store: JobStore; pluginUrl: string }>;
  /**
   * Whether workers run on this machine, so the suite can check in /proc that killed and shut-down workers are
   * gone. Default true; false skips those checks (the rest of each test still runs).
   */
  localWorkers?: boolean;
  /** How long the suite waits for a job to start or finish, in ms. Default 30 s; raise it for slow schedulers. */
  jobTimeoutMs?: number;
  /** Timeout of each test, in ms. Default 90 s. */
  testTimeoutMs?: number;
}
