/**
 * `@toil/core/internal`: the leader, worker and command-line machinery, for `@toil/cli` and the project's own
 * tests (e.g. driving a leader against an in-memory job store). Not a stable API: it changes without notice.
 */

export { bundleAndLoad, deployWorkflow, modulePath, type UserModuleRecord } from './deploy/deploy.js';
export { stopOnInterrupt, type InterruptHandle } from './interrupt.js';
export { parseJobArgs, readJobArgsText, type JobArgsText } from './job-args.js';
export { isDeferredDef, isJobDef, isServiceDef, lookupJob, registeredJobNames } from './job/define.js';
export { openJobStore } from './jobstore/open.js';
export { cleanForRestart } from './leader/clean.js';
export { checkJobStore, findGraphDamage, loadJobGraph, type GraphDamage } from './leader/graph-check.js';
export { KILL_FLAG_POLL_MS, readKillFlag, writeKillFlag, type KillRequest } from './leader/kill-flag.js';
export {
  acquireLeaderLock,
  isLockStale,
  readLeaderLock,
  type LeaderLock,
  type LeaderLockRecord,
  type LockPurpose,
} from './leader/leader-lock.js';
export {
  leaderProcessState,
  readLeaderPid,
  type LeaderPidRecord,
  type LeaderProcessState,
} from './leader/leader-pid.js';
export { Leader, type LeaderOptions } from './leader/leader.js';
export { checkRestartClaims, type RestartClaims } from './leader/restart-check.js';
export { assertFinishedRoot, readRootValue, saveRootJob } from './leader/root-job.js';
export { JOBSTORE_PLUGIN_ENV, workerEntryPath } from './leader/run-leader.js';
export { loggerForConfig } from './log/logger.js';
export { exitWithError, formatResult, runWorkflowCommand, type WorkflowCommand } from './main.js';
export { parseBool } from './options/convert.js';
export { buildLocator, parseLocator, type ParsedLocator } from './options/locator.js';
export { mergeRestartOptions, type MergeRestartContext } from './options/restart.js';
export { TOIL_OPTIONS } from './options/schema.js';
export { parseSetEnv } from './options/set-env.js';
export {
  OPTION_GROUP_TITLES,
  type OptionContext,
  type OptionGroup,
  type OptionSpec,
  type OptionType,
} from './options/spec.js';
export { envVarName } from './options/values.js';
export { defaultLabel, yargsOption } from './options/yargs.js';
export { TOIL_PLUGINS_ENV, isPluginPackageName, type PluginSource } from './plugins/discover.js';
export {
  assertClusterStoresRemoved,
  destroyClusterJobStores,
  destroyWholeCluster,
  type ClusterStoresOutcome,
  type WholeClusterRemoved,
} from './plugins/cluster-stores.js';
export { KNOWN_PLUGINS } from './plugins/plugin.js';
export {
  addPluginResolveBase,
  discoverPlugins,
  loadPlugin,
  loadPluginFromUrl,
  pluginModule,
  pluginSearchDirs,
  registeredPlugins,
  resolvePackage,
} from './plugins/registry.js';
export { PromisedRequirementError } from './requirements/resolve-promised.js';
export { closeServer, listen } from './util/listen.js';
export { debugJob, type DebugJobOptions, type DebugJobOutcome } from './worker/debug-job.js';
export type { JobStat } from './worker/run-job.js';
export { runWorker, type WorkerResult } from './worker/run-worker.js';
export type { WorkerRuntime } from './worker/runtime.js';
export { pluginOptionSpecs } from './plugins/option-specs.js';
export { binPack } from './autoscale/bin-pack.js';
export { ClusterScaler } from './autoscale/scaler.js';
