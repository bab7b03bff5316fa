/**
 * `@toil/core`: what a workflow author and a service that embeds Toil use. Define jobs and services, chain them,
 * pass promises of results, use the file store, and run a workflow with {@link Toil}. Backends (job stores, batch
 * systems, provisioners, URL schemes) implement the interfaces of `@toil/core/backend` instead.
 *
 * Every name is exported from exactly one entry point; `src/entry-points.test.ts` holds the lists.
 */

// Registers the command-line front end of Toil.main (main.ts needs yargs and this class, so toil.ts cannot import it).
import './main.js';

export {
  BadPluginError,
  ClusterJobStoresError,
  CodecVersionError,
  ConcurrentFileModificationError,
  DamagedJobStoreError,
  DuplicateJobNameError,
  DuplicatePluginError,
  EncodeError,
  FailedJobsError,
  InsufficientResourcesError,
  InvalidImportExportUrlError,
  InvalidLocatorError,
  InvalidValueError,
  NoNodeTypeFitsError,
  JobGraphError,
  JobStoreExistsError,
  JobStoreInUseError,
  LoadError,
  MalformedStatsBlobError,
  MissingPluginError,
  NestingTooDeepError,
  NoSpaceLeftError,
  NoSuchFileError,
  NoSuchJobError,
  NoSuchJobStoreError,
  RestartMismatchError,
  ToilError,
  ToilUsageError,
  UnknownJobError,
  UnknownPluginError,
  WorkflowKilledError,
  WorkflowNeverStartedError,
} from './errors.js';
export { FileID, type FileIdLike } from './filestore/file-id.js';
export { FileStore, type ReadGlobalFileOptions, type WriteGlobalFileOptions } from './filestore/filestore.js';
export type { JobContext, JobLogLevel, JobLogMessage } from './job/context.js';
export {
  defineDeferred,
  defineJob,
  defineService,
  type DeferredDef,
  type JobDef,
  type JobFunction,
  type ServiceDef,
  type ServiceInstance,
} from './job/define.js';
export { JobHandle, ServiceHandle } from './job/handle.js';
export { Rv, type Promised, type PromisedArgs, type Unpromised } from './job/promise.js';
export { RealtimeLogger } from './job/realtime-logger.js';
export type { JobEvent, JobEventTotals, LeaderEvents, LeaderProgress } from './leader/events.js';
export type { LogFormat, LogLevel, WorkflowConfig } from './options/config.js';
export type { ByteSize, CleanPolicy, LogLevelName, ToilOptionsInput } from './options/input.js';
export { getDefaultConfig, parseOptions, type ParseOptionsContext } from './options/parse.js';
export { addToilOptions, type YargsLike, type YargsOptionDescription } from './options/yargs.js';
export {
  PromisedRequirement,
  promisedRequirement,
  type CallRequirements,
  type RequirementFn,
} from './requirements/promised.js';
export { defineRequirement } from './requirements/requirement-fn.js';
export type { AcceleratorRequest, Requirements } from './requirements/requirements.js';
export { Toil, type OpenExtras, type ToilEventMap, type ToilOptions } from './toil.js';
