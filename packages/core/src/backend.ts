/**
 * `@toil/core/backend`: what a job store, batch system, provisioner, URL scheme or language runner implements
 * against: the interfaces, the plugin descriptors, the job record and its codec, and the helpers every backend
 * shares. Stable like `@toil/core`; a workflow author never needs it.
 */

export {
  BatchJobExitReason,
  EXIT_STATUS_UNAVAILABLE,
  type BatchJobSpec,
  type BatchSystem,
  type BatchSystemContext,
  type UpdatedBatchJobInfo,
} from './batch/batch-system.js';
export { UpdateQueue } from './batch/update-queue.js';
export {
  CODEC_VERSION,
  MAX_DEPTH,
  decode,
  decodeEnvelope,
  encode,
  encodeEnvelope,
  promiseFilesIn,
  type DecodeHooks,
  type EncodeHooks,
  type Encoded,
} from './codec/codec.js';
export { fileIdString } from './filestore/file-id.js';
export {
  FILESTORE_MODULE_ENV,
  type FileStoreImplementation,
  type FileStoreJob,
  type FileStoreProvider,
  type FileStoreRuntime,
} from './filestore/provider.js';
export {
  randomId,
  type JobDescription,
  type PathElem,
  type PromiseTarget,
  type ServiceHostState,
  type ServiceRecord,
} from './jobstore/description.js';
export {
  SHARED_FILE_NAME,
  SharedFiles,
  type JobStore,
  type ReadFileOptions,
  type WriteFileOptions,
} from './jobstore/jobstore.js';
export { download, parseUrl, statSource, upload, urlBasename, type ParsedUrl } from './jobstore/urls.js';
export { jobDescriptionProblem, parseJobDescription, type ParsedJobRecord } from './jobstore/validate.js';
export { createLogger, type LogFields, type Logger, type LoggerOutput } from './log/logger.js';
export { deserializeConfig, serializeConfig } from './options/config-codec.js';
export {
  PLUGIN_KIND_NAMES,
  type BatchSystemPlugin,
  type ClusterJobStores,
  type JobStorePlugin,
  type PluginKind,
  type PluginOf,
  type InstanceShape,
  type PluginOption,
  type ProvisionedNode,
  type Provisioner,
  type ProvisionerPlugin,
  type ToilPlugin,
  type ToilPluginModule,
  type UrlSchemeHandler,
  type UrlSchemePlugin,
} from './plugins/plugin.js';
export { registerPlugin } from './plugins/registry.js';
export { formatBytes, parseBytes } from './requirements/bytes.js';
export {
  parseAccelerator,
  resolveRequirements,
  validateRequirements,
  type RequirementDefaults,
  type ResolvedRequirements,
} from './requirements/requirements.js';
export type { JobDoneMessage, RunJobMessage, StrayFailureMessage } from './worker-process.js';
export { inProcessRunner, type InProcessRunner } from './worker/in-process.js';
export { workerProcessPath } from './worker/paths.js';
export { localWorkflowDir, toilWorkDir } from './worker/runtime.js';
