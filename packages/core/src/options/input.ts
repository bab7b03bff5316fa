/**
 * The typed form of every workflow option, for programs that embed Toil (`Toil.open({...})`): the same names,
 * defaults and meaning as `toil run --help` (the table in `schema.ts`), so a misspelt option is a compile error.
 * JavaScript callers get the run-time check instead: an unknown key throws, naming the nearest options.
 * `input.test.ts` fails when the table has an option this type lacks, or the other way round.
 */

/** A size in bytes: a number, or text with a suffix (`'2G'`, `'512Mi'`). */
export type ByteSize = number | string;
/** When to delete something at the end of a run (`--clean`, `--cleanWorkDir`). */
export type CleanPolicy = 'always' | 'onError' | 'never' | 'onSuccess';
/** A log level; any case is accepted at run time. */
export type LogLevelName = 'OFF' | 'CRITICAL' | 'ERROR' | 'WARN' | 'WARNING' | 'INFO' | 'DEBUG';

/** Every Toil option, all optional; a value left out takes the `TOIL_<NAME>` variable, then Toil's default. */
export interface ToilOptionsInput {
  // Core
  /**
   * Directory for the run's temporary files (`toil-<workflowID>` inside it); must exist. Default: TOIL_WORKDIR or the
   * system temp dir.
   */
  workDir?: string;
  /** Do not capture standard output and error from batch system jobs. Default false. */
  noStdOutErr?: boolean;
  /** Record statistics for `toil stats`; keeps the job store at the end (clean never). Default false. */
  stats?: boolean;
  /** When to delete the job store at the end of the run. Default onSuccess, or never with `stats`. */
  clean?: CleanPolicy;
  /** When to delete a job's temporary worker directory after the job. Default always. */
  cleanWorkDir?: CleanPolicy;
  // Restart
  /**
   * Resume the workflow the job store holds (then call `toil.restart()`); given options override the stored ones.
   * Default false.
   */
  restart?: boolean;
  // Logging
  /** Same as `logLevel: 'OFF'`. */
  logOff?: boolean;
  /** Same as `logLevel: 'CRITICAL'`. */
  logCritical?: boolean;
  /** Same as `logLevel: 'ERROR'`. */
  logError?: boolean;
  /** Same as `logLevel: 'WARNING'`. */
  logWarning?: boolean;
  /** Same as `logLevel: 'INFO'`. */
  logInfo?: boolean;
  /** Same as `logLevel: 'DEBUG'`. */
  logDebug?: boolean;
  /** Log level of the leader. Default INFO. */
  logLevel?: LogLevelName | Lowercase<LogLevelName>;
  /** Also write the log to this file. */
  logFile?: string;
  /** Rotate the log file at `maxLogFileSize`, keeping `<file>.1` to `<file>.3`. Default false. */
  rotatingLogging?: boolean;
  /** `text` lines as Toil writes them, or one JSON object per line. Default text. */
  logFormat?: 'text' | 'json';
  // Batch system
  /**
   * The batch system: single_machine, slurm, lsf, grid_engine, torque, htcondor, parasol, ... Default single_machine.
   */
  batchSystem?: string;
  /** Do not bundle the workflow code for workers: every node already has it. Default false. */
  disableAutoDeployment?: boolean;
  /** Scaling factor for the cores of every job; single_machine only. Default 1. */
  scale?: number;
  /** Symlink imported local files into the file job store instead of copying them. Default false. */
  linkImports?: boolean;
  /** Seconds between scheduler state queries. Default 1. */
  statePollingWait?: number;
  // Resources
  /** Memory of a job that does not say. Default 2G. */
  defaultMemory?: ByteSize;
  /** Cores of a job that does not say (fractions allowed). Default 1. */
  defaultCores?: number;
  /** Disk of a job that does not say. Default 2G. */
  defaultDisk?: ByteSize;
  /** Accelerators of a job that does not say: `['gpu', 'cuda:2']` or `'gpu,cuda:2'`. Default none. */
  defaultAccelerators?: string | string[];
  /** Let jobs that do not say run on preemptible nodes. Default false. */
  defaultPreemptible?: boolean;
  /** Most cores any job may request; `'unlimited'` or Infinity for no limit (capped by the machine). */
  maxCores?: number | 'unlimited';
  /** Most memory any job may request. Default unlimited. */
  maxMemory?: ByteSize;
  /** Most disk any job may request. Default unlimited. */
  maxDisk?: ByteSize;
  // Jobs
  /** Times a failing job is retried; 0 never retries. Default 1. */
  retryCount?: number;
  /** Failures from preempted or vanished nodes cost no try. Default false. */
  enableUnlimitedPreemptibleRetries?: boolean;
  /** Retry jobs killed for memory with twice the memory (LSF). Default false. */
  doubleMem?: boolean;
  /** Longest a job may run, in seconds. Default unlimited. */
  maxJobDuration?: number | 'unlimited';
  /** Seconds between checks for lost or overlong jobs. Default 3600. */
  rescueJobsFrequency?: number;
  // Services
  /** Most service jobs running at once. Default unlimited. */
  maxServiceJobs?: number | 'unlimited';
  /** Seconds of only services running before a deadlock is declared. Default 60. */
  deadlockWait?: number;
  /** Seconds between service deadlock checks. Default 30. */
  deadlockCheckInterval?: number;
  // Misc
  /** Accepted for Toil compatibility; this file store never caches, so it changes nothing. */
  disableCaching?: boolean;
  /**
   * Container engine for dockerCall in jobs; workers get it as TOIL_CONTAINER_ENGINE. Default: TOIL_CONTAINER_ENGINE,
   * else podman or docker, whichever is found first.
   */
  containerEngine?: 'podman' | 'docker';
  /** Path of a file holding a 32-character key: SSE-C for the files of an aws: job store. Default: none. */
  sseKey?: string;
  /** Do not run a successor in its predecessor's worker. Default false. */
  disableChaining?: boolean;
  /** Largest job log kept, and the --rotatingLogging size; 0 keeps whole logs. Default 64000. */
  maxLogFileSize?: ByteSize;
  /** Directory to write job logs into, one file per attempt. */
  writeLogs?: string;
  /** Like `writeLogs`, gzipped. */
  writeLogsGzip?: string;
  /** Write the logs of successful jobs too (needs `writeLogs` or `writeLogsGzip`). Default false. */
  writeLogsFromAllJobs?: boolean;
  /** Show jobs' log messages on the leader while they run. Default false. */
  realTimeLogging?: boolean;
  /** Environment of workers: `{ NAME: 'value' }`, or `['NAME=value', 'NAME']` (a bare NAME copies it from here). */
  setEnv?: Record<string, string> | string[] | string;
  /** Seconds service jobs wait between checks of their keep-alive flag. Default 60. */
  servicePollingInterval?: number;
  /** No progress bar on a terminal (the CLI's). Default false. */
  disableProgress?: boolean;
  /** Serve Prometheus metrics from the leader while it runs. Default false. */
  metrics?: boolean;
  /** Port of the metrics endpoint; 0 picks a free one. Default 0. */
  metricsPort?: number;
  /** Address the metrics endpoint listens on. Default 127.0.0.1. */
  metricsHost?: string;
  // Debug
  /** Run jobs inside the leader's process (single_machine only), for a debugger. Default false. */
  debugWorker?: boolean;
  /** Let worker output go to the worker's own standard output and error. Default false. */
  disableWorkerOutputCapture?: boolean;
  /** For testing: kill this fraction of jobs at random. Default 0. */
  badWorker?: number;
  /** For testing: latest moment, in seconds, a --badWorker job is killed. Default 0.01. */
  badWorkerFailInterval?: number;
  // Autoscaling
  /** Provisioner plugin that adds and removes nodes (`aws`, `gce`, ...). Default: none, no autoscaling. */
  provisioner?: string;
  /** Node types to scale, e.g. `'c5.4xlarge/c5a.4xlarge:0.42,t2.large'` (`:bid` = spot). Default none. */
  nodeTypes?: string;
  /** Minimum nodes per node type, `'0,2'` or `[0, 2]`. Default 0 each. */
  minNodes?: string | number | number[];
  /** Maximum nodes per node type; the first stands in for missing ones. Default 10. */
  maxNodes?: string | number | number[];
  /** Seconds within which queued jobs should finish. Default 1800. */
  targetTime?: number;
  /** Smoothing of the node estimate, 0 to 0.9. Default 0.1. */
  betaInertia?: number;
  /** Seconds between scaling checks. Default 60. */
  scaleInterval?: number;
  /** Share of missing preemptible nodes replaced by non-preemptible ones, 0 to 1. Default 0. */
  preemptibleCompensation?: number;
  /** Root volume of worker nodes in GB. Default 50. */
  nodeStorage?: number;
  /** Root volume per instance type, `'r5.xlarge:200,c5.large:80'`. Default none. */
  nodeStorageOverrides?: string;
  /** Seconds a new worker node has to join the batch system before it is replaced. Default 600. */
  nodeBootTimeout?: number;
  /** Directory for the autoscaler's JSON statistics (`true` = the current directory). Default none. */
  clusterStats?: string | boolean;
}
