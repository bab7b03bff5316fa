import type { NodeTypeSpec } from '../autoscale/node-types.js';

/**
 * The workflow configuration: every option with its parsed value. Stored in the job store as `config.json`
 * (schema-versioned), read by every worker, and merged with command-line options on `--restart`.
 */

/** When to delete the job store or a work directory. */
export type CleanPolicy = 'always' | 'onError' | 'never' | 'onSuccess';

/** Log levels, Toil's names. */
export type LogLevel = 'OFF' | 'CRITICAL' | 'ERROR' | 'WARNING' | 'INFO' | 'DEBUG';

/** How the leader writes its log (`--logFormat`): Toil's text lines, or one JSON object per line. */
export type LogFormat = 'text' | 'json';

/** A parsed workflow configuration. Byte sizes are numbers of bytes; `Infinity` stands for Python's sys.maxsize. */
export interface WorkflowConfig {
  /** Schema version of the stored config. */
  configVersion: 1;
  /** Random ID given when the job store is initialized. */
  workflowId: string;
  /** Incremented on every restart. */
  workflowAttemptNumber: number;
  /** Job store locator (a `file:` path is absolute). */
  jobStore: string;
  /** Directory for workers' temporary files; undefined = system temp dir. */
  workDir?: string;
  noStdOutErr: boolean;
  stats: boolean;
  clean: CleanPolicy;
  cleanWorkDir: CleanPolicy;
  restart: boolean;
  logLevel: LogLevel;
  logFile?: string;
  /** Rotate the log file at `maxLogFileSize` (`--rotatingLogging`). */
  rotatingLogging: boolean;
  /** `text` (Toil's lines) or `json` (one object per line, via pino). */
  logFormat: LogFormat;
  batchSystem: string;
  disableAutoDeployment: boolean;
  scale: number;
  linkImports: boolean;
  statePollingWait: number;
  defaultMemory: number;
  defaultCores: number;
  defaultDisk: number;
  defaultAccelerators: string[];
  defaultPreemptible: boolean;
  maxCores: number;
  maxMemory: number;
  maxDisk: number;
  retryCount: number;
  enableUnlimitedPreemptibleRetries: boolean;
  doubleMem: boolean;
  maxJobDuration: number;
  rescueJobsFrequency: number;
  /**
   * `true` (`--disableCaching`) keeps the plain file store; `false` forces the caching one (@toil/filestore-cache,
   * refused where the batch system does not clean up nodes); unset is Toil's default, decided by the leader: on
   * for a job store off the work dir's file system (`aws:`, `google:`) where nodes are cleaned up.
   */
  disableCaching?: boolean;
  /**
   * Container engine for dockerCall (`--containerEngine`), passed to workers as TOIL_CONTAINER_ENGINE; unset = their
   * own choice.
   */
  containerEngine?: string;
  /** Key file for SSE-C of the files of an aws: job store (`--sseKey`); the store reads it. */
  sseKey?: string;
  disableChaining: boolean;
  maxLogFileSize: number;
  writeLogs?: string;
  writeLogsGzip?: string;
  writeLogsFromAllJobs: boolean;
  realTimeLogging: boolean;
  /** Extra environment for workers, from `--setEnv NAME[=VALUE]`. */
  environment: Record<string, string>;
  servicePollingInterval: number;
  deadlockWait: number;
  deadlockCheckInterval: number;
  maxServiceJobs: number;
  disableProgress: boolean;
  /** Serve Prometheus metrics from the leader (`--metrics`). */
  metrics: boolean;
  /** Port of the metrics endpoint; 0 = a free port (`--metricsPort`). */
  metricsPort: number;
  /**
   * Address the metrics endpoint listens on; `127.0.0.1` by default, `0.0.0.0` for every interface (`--metricsHost`).
   */
  metricsHost: string;
  debugWorker: boolean;
  disableWorkerOutputCapture: boolean;
  badWorker: number;
  badWorkerFailInterval: number;
  /** Provisioner plugin for autoscaling (`--provisioner`); unset = no autoscaling. */
  provisioner?: string;
  /**
   * Node types the autoscaler may start (`--nodeTypes`), parsed. Configs stored before the autoscaler existed lack
   * this and the other autoscaling fields; readers take the defaults then.
   */
  nodeTypes: NodeTypeSpec[];
  /** Minimum nodes per node type, in `nodeTypes` order (`--minNodes`); missing entries are 0. */
  minNodes: number[];
  /** Maximum nodes per node type (`--maxNodes`); the first stands in for missing entries. */
  maxNodes: number[];
  /** Seconds within which queued jobs should finish (`--targetTime`). */
  targetTime: number;
  /** Smoothing of the node estimate, 0 to 0.9 (`--betaInertia`). */
  betaInertia: number;
  /** Seconds between scaling checks (`--scaleInterval`). */
  scaleInterval: number;
  /** Share of missing preemptible nodes replaced by non-preemptible ones, 0 to 1 (`--preemptableCompensation`). */
  preemptibleCompensation: number;
  /** Root volume of worker nodes in GB (`--nodeStorage`). */
  nodeStorage: number;
  /** Root volume in GB per instance type, overriding `nodeStorage` (`--nodeStorageOverrides`). */
  nodeStorageOverrides: Record<string, number>;
  /**
   * Seconds a new worker node has to join the batch system before the autoscaler counts its boot as failed,
   * terminates it and replaces it (`--nodeBootTimeout`); unset in configs made before the option existed.
   */
  nodeBootTimeout?: number;
  /** Directory for the autoscaler's JSON statistics (`--clusterStats`); unset = none written. */
  clusterStats?: string;
  /** Options that backends register (e.g. `parasolCommand`), by name. */
  extra: Record<string, unknown>;
}
