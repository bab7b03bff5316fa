/**
 * @toil/core: the job model, codec, leader, worker and Toil API of Toil for TypeScript, plus the interfaces
 * every backend (job store, batch system, provisioner) implements.
 */
export * from './errors.js';
export * from './codec/codec.js';
export * from './requirements/bytes.js';
export * from './requirements/requirements.js';
export * from './filestore/file-id.js';
export * from './jobstore/description.js';
export { parseJobDescription, jobDescriptionProblem, type ParsedJobRecord } from './jobstore/validate.js';
export * from './jobstore/jobstore.js';
export * from './batch/batch-system.js';
export { UpdateQueue } from './batch/update-queue.js';
export * from './options/config.js';
export { defineJob, defineService, isJobDef, isServiceDef, lookupJob, registeredJobNames } from './job/define.js';
export type { JobDef, JobFunction, ServiceDef, ServiceInstance } from './job/define.js';
export { defineDeferred, isDeferredDef, type DeferredDef } from './job/define.js';
export { Rv, type Promised, type PromisedArgs, type Unpromised } from './job/promise.js';
export {
  promisedRequirement,
  PromisedRequirement,
  type CallRequirements,
  type RequirementFn,
} from './requirements/promised.js';
export { defineRequirement } from './requirements/requirement-fn.js';
export { PromisedRequirementError } from './requirements/resolve-promised.js';
export { FileStore, type ReadGlobalFileOptions, type WriteGlobalFileOptions } from './filestore/filestore.js';
export type { JobContext, JobLogLevel, JobLogMessage } from './job/context.js';
export { RealtimeLogger } from './job/realtime-logger.js';
export { JobHandle, ServiceHandle } from './job/handle.js';
export { Toil, type ToilOptions, type ToilEventMap, type OpenExtras } from './toil.js';
export type { ToilOptionsInput, ByteSize, CleanPolicy, LogLevelName } from './options/input.js';
export type { LeaderProgress } from './leader/run-leader.js';
export type { LeaderEvents, JobEvent, JobEventTotals } from './leader/events.js';
export { listen, closeServer } from './util/listen.js';
export { workerProcessPath } from './worker/paths.js';
export { inProcessRunner, type InProcessRunner } from './worker/in-process.js';
export { localWorkflowDir, toilWorkDir } from './worker/runtime.js';
export type { RunJobMessage, JobDoneMessage, StrayFailureMessage } from './worker-process.js';
export * from './plugins/plugin.js';
export {
  registerPlugin,
  addPluginResolveBase,
  loadPlugin,
  loadPluginFromUrl,
  resolvePackage,
  registeredPlugins,
  discoverPlugins,
  pluginModule,
  pluginSearchDirs,
} from './plugins/registry.js';
export { TOIL_PLUGINS_ENV, isPluginPackageName, type PluginSource } from './plugins/discover.js';
export { openJobStore } from './jobstore/open.js';
export { createLogger, loggerForConfig, type Logger, type LogFields, type LoggerOutput } from './log/logger.js';
export { bundleAndLoad, deployWorkflow, modulePath, type UserModuleRecord } from './deploy/deploy.js';
export * from './options/index.js';
export {
  formatResult,
  runWorkflowCommand,
  parseJobArgs,
  readJobArgsText,
  exitWithError,
  type JobArgsText,
  type WorkflowCommand,
} from './main.js';
export { checkRestartClaims, type RestartClaims } from './leader/restart-check.js';
export { serializeConfig, deserializeConfig } from './options/config-codec.js';
export { parseUrl, urlBasename, statSource, download, upload, type ParsedUrl } from './jobstore/urls.js';
export { JOBSTORE_PLUGIN_ENV, workerEntryPath } from './leader/run-leader.js';
export {
  readLeaderPid,
  leaderProcessState,
  type LeaderPidRecord,
  type LeaderProcessState,
} from './leader/leader-pid.js';
export {
  acquireLeaderLock,
  readLeaderLock,
  isLockStale,
  type LeaderLock,
  type LeaderLockRecord,
  type LockPurpose,
} from './leader/leader-lock.js';
export { writeKillFlag, readKillFlag, KILL_FLAG_POLL_MS, type KillRequest } from './leader/kill-flag.js';
export { stopOnInterrupt, type InterruptHandle } from './interrupt.js';
