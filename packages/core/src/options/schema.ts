import { statSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseAccelerator } from '../requirements/requirements.js';
import { AUTOSCALE_OPTIONS } from './autoscale-options.js';
import { parseSetEnv } from './set-env.js';
import type { OptionSpec } from './spec.js';

/**
 * Every workflow option, with Toil's names, defaults and help (Toil's `toil.common.Config` and the "Commandline
 * Options" section of its documentation). Deliberate departures
 * from the seed's validators (§11): `--retryCount 0` is allowed (never retry), `--defaultCores` may be fractional
 * (> 0), and `--maxLogFileSize 0` is allowed (no truncation). `--batchSystem` is not restricted here: the CLI checks
 * it against its plugin registry.
 */

const CLEAN_CHOICES = ['always', 'onError', 'never', 'onSuccess'] as const;
const LOG_LEVELS = ['OFF', 'CRITICAL', 'ERROR', 'WARN', 'WARNING', 'INFO', 'DEBUG'] as const;
const SIZE_NOTE = 'Standard suffixes like K, Ki, M, Mi, G or Gi are supported.';
const CORES_NOTE = 'Fractions of a core (for example 0.1) are supported on some batch systems (single_machine).';

function logFlag(name: string, level: string, help: string): OptionSpec {
  return { name, type: 'boolean', group: 'logging', env: false, implies: { option: 'logLevel', value: level }, help };
}

function isDirectory(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}

/** The option table. Order is help order within each group. */
export const TOIL_OPTIONS: readonly OptionSpec[] = [
  // Core
  {
    name: 'workDir',
    type: 'string',
    group: 'core',
    env: false,
    defaultLabel: 'TOIL_WORKDIR or the system temp dir',
    help: 'Directory where temporary files of the run are placed, in a toil-<workflowID> subdirectory, as are standard output and error of batch system jobs (unless --noStdOutErr) and the file cache. It must exist on every machine running jobs; capturing output or sharing a cache needs a shared file system. TOIL_WORKDIR sets it per machine instead.',
    normalize: (v, ctx) => resolve(ctx.cwd, v as string),
    validate: (v) =>
      isDirectory(v as string) ||
      'the directory does not exist; create it first, or leave --workDir out to use the system temp dir',
  },
  {
    name: 'noStdOutErr',
    type: 'boolean',
    group: 'core',
    default: false,
    help: 'Do not capture standard output and error from batch system jobs.',
  },
  {
    name: 'stats',
    type: 'boolean',
    group: 'core',
    default: false,
    help: "Record statistics about the workflow for 'toil stats'. Keeps the job store at the end (--clean never).",
  },
  {
    name: 'clean',
    type: 'choice',
    choices: CLEAN_CHOICES,
    group: 'core',
    defaultLabel: 'onSuccess, or never with --stats',
    help: "When to delete the job store at the end of the run. --stats needs the job store afterwards, so it is never deleted with that flag. To be able to restart a failed run, choose 'never' or 'onSuccess'.",
  },
  {
    name: 'cleanWorkDir',
    type: 'choice',
    choices: CLEAN_CHOICES,
    group: 'core',
    default: 'always',
    help: "When to delete a job's temporary worker directory after the job. Change it only for debugging: keeping directories can fill the disk with intermediate data.",
  },
  // Restart
  {
    name: 'restart',
    type: 'boolean',
    group: 'restart',
    default: false,
    env: false,
    help: 'Restart the existing workflow in the job store; fails if the workflow does not exist. Options given with --restart override the stored ones.',
  },
  // Logging
  logFlag('logOff', 'OFF', 'Show no log messages. Same as --logLevel OFF.'),
  logFlag('logCritical', 'CRITICAL', 'Show only CRITICAL messages. Same as --logLevel CRITICAL.'),
  logFlag('logError', 'ERROR', 'Show ERROR and CRITICAL messages. Same as --logLevel ERROR.'),
  logFlag('logWarning', 'WARNING', 'Show WARNING, ERROR and CRITICAL messages. Same as --logLevel WARNING.'),
  logFlag('logInfo', 'INFO', 'Show every message except DEBUG. Same as --logLevel INFO.'),
  logFlag('logDebug', 'DEBUG', 'Show every message. Same as --logLevel DEBUG.'),
  {
    name: 'logLevel',
    type: 'choice',
    choices: LOG_LEVELS,
    caseInsensitive: true,
    group: 'logging',
    default: 'INFO',
    help: 'Log level: OFF, CRITICAL, ERROR, WARN (or WARNING), INFO or DEBUG, in any case.',
    normalize: (v) => (v === 'WARN' ? 'WARNING' : v),
  },
  { name: 'logFile', type: 'string', group: 'logging', help: 'Also write the log to this file.' },
  {
    name: 'rotatingLogging',
    type: 'boolean',
    group: 'logging',
    default: false,
    help: 'Rotate the log file so that it does not grow past --maxLogFileSize, keeping the last 3 rotated files (<file>.1 to <file>.3).',
  },
  {
    // Case-insensitive also so that a bad value is the parser's one-line error, not yargs' usage block.
    name: 'logFormat',
    type: 'choice',
    choices: ['text', 'json'],
    caseInsensitive: true,
    group: 'logging',
    default: 'text',
    help: "How the leader writes its log (on standard error and in --logFile): 'text' lines as Toil does, or 'json', one object per line with time, level, source and msg, and jobId and jobName on messages from jobs.",
  },
  // Batch system
  {
    name: 'batchSystem',
    type: 'string',
    group: 'batch',
    default: 'single_machine',
    help: 'The batch system to run jobs with: single_machine, slurm, lsf, grid_engine, torque, htcondor, parasol, or one a toil-plugin-* package or TOIL_PLUGINS module provides.',
    validate: (v) => (v as string).trim() !== '' || 'use a batch system name such as single_machine or slurm',
  },
  {
    name: 'disableAutoDeployment',
    type: 'boolean',
    group: 'batch',
    default: false,
    help: 'Do not bundle and ship the workflow code to workers: every node already has it (shared file system or container image).',
  },
  {
    name: 'scale',
    type: 'number',
    group: 'batch',
    default: 1,
    min: 0,
    help: 'A scaling factor to change the cores of all submitted jobs; single_machine only.',
  },
  {
    name: 'linkImports',
    type: 'boolean',
    group: 'batch',
    default: false,
    help: 'Symlink imported local files into the file job store instead of copying them. The files must then stay unchanged while the workflow runs.',
  },
  {
    name: 'statePollingWait',
    type: 'number',
    group: 'batch',
    default: 1,
    min: 0,
    help: 'Time, in seconds, to wait before querying the scheduler for job state again; cached results are returned within this period.',
  },
  // Resources
  {
    name: 'defaultMemory',
    type: 'bytes',
    group: 'resources',
    default: 2147483648,
    min: 1,
    help: `Memory to request for a job that does not say. ${SIZE_NOTE}`,
  },
  {
    name: 'defaultCores',
    type: 'number',
    group: 'resources',
    default: 1,
    moreThan: 0,
    help: `CPU cores to request for a job that does not say. ${CORES_NOTE}`,
  },
  {
    name: 'defaultDisk',
    type: 'bytes',
    group: 'resources',
    default: 2147483648,
    min: 1,
    help: `Disk to request for a job that does not say. ${SIZE_NOTE}`,
  },
  {
    name: 'defaultAccelerators',
    type: 'list',
    separator: ',',
    group: 'resources',
    default: [],
    help: "Accelerators to request for a job that does not say: comma-separated specs like 'gpu', 'cuda:2' or 'gpu:1:a100' (kind, count, model).",
    validate: (v) =>
      (v as string[]).every(isAccelerator) ||
      "use accelerator specs like 'gpu', 'cuda:2' or 'gpu:1:a100', separated by commas",
  },
  {
    name: 'defaultPreemptible',
    aliases: ['defaultPreemptable'],
    type: 'boolean',
    optionalValue: true,
    group: 'resources',
    default: false,
    help: 'Let jobs that do not say run on preemptible (spot) nodes. Takes an optional true/false.',
  },
  {
    name: 'maxCores',
    type: 'number',
    group: 'resources',
    default: Infinity,
    moreThan: 0,
    unlimited: true,
    help: `The most CPU cores to request from the batch system for any job. ${CORES_NOTE}`,
  },
  {
    name: 'maxMemory',
    type: 'bytes',
    group: 'resources',
    default: Infinity,
    min: 1,
    unlimited: true,
    help: `The most memory to request from the batch system for any job. ${SIZE_NOTE}`,
  },
  {
    name: 'maxDisk',
    type: 'bytes',
    group: 'resources',
    default: Infinity,
    min: 1,
    unlimited: true,
    help: `The most disk to request from the batch system for any job. ${SIZE_NOTE}`,
  },
  // Jobs
  {
    name: 'retryCount',
    type: 'number',
    integer: true,
    min: 0,
    group: 'jobs',
    default: 1,
    help: 'Number of times to retry a failing job before giving up and labeling it failed; 0 never retries.',
  },
  {
    name: 'enableUnlimitedPreemptibleRetries',
    aliases: ['enableUnlimitedPreemptableRetries'],
    type: 'boolean',
    group: 'jobs',
    default: false,
    help: 'Failures caused by a preempted or vanished node do not count towards --retryCount.',
  },
  {
    name: 'doubleMem',
    type: 'boolean',
    group: 'jobs',
    default: false,
    help: 'Retry jobs killed for exceeding their memory with twice the memory, using up one retry. Supported by LSF.',
  },
  {
    name: 'maxJobDuration',
    type: 'number',
    group: 'jobs',
    default: Infinity,
    moreThan: 0,
    unlimited: true,
    help: 'Longest a job may run, in seconds, before it is killed (a lower bound: killing may take longer).',
  },
  {
    name: 'rescueJobsFrequency',
    type: 'number',
    group: 'jobs',
    default: 3600,
    moreThan: 0,
    help: 'Seconds between checks for jobs lost by the batch system or running over --maxJobDuration. Expert parameter.',
  },
  // Services
  {
    name: 'maxServiceJobs',
    type: 'number',
    integer: true,
    min: 0,
    unlimited: true,
    group: 'services',
    default: Infinity,
    help: 'The most service jobs that can run at once.',
  },
  {
    name: 'deadlockWait',
    type: 'number',
    min: 0,
    group: 'services',
    default: 60,
    help: 'Seconds to tolerate the workflow running only service jobs, with no jobs to use them, before declaring a deadlock and stopping.',
  },
  {
    name: 'deadlockCheckInterval',
    type: 'number',
    min: 0,
    group: 'services',
    default: 30,
    help: 'Seconds between checks for a service deadlock. Should be shorter than --deadlockWait.',
  },
  // Misc
  {
    name: 'disableCaching',
    type: 'boolean',
    optionalValue: true,
    group: 'misc',
    // Unset is Toil's default, decided by the leader (filestore/caching-default.ts).
    defaultLabel: 'unset (on for aws:/google: stores where nodes are cleaned up)',
    help: "Whether jobs on one node share a node-local cache of job-store files (Toil's caching file store, the package @toil/filestore-cache). Unset, caching is on when the job store is not a file: store on the work dir's file system (an aws: or google: store, whose reads would otherwise download every time) and the batch system cleans up nodes (single_machine), and off otherwise. --disableCaching (or true) turns it off; --disableCaching false forces it on, refused on a batch system that does not clean up nodes. Takes an optional true/false.",
  },
  {
    name: 'containerEngine',
    type: 'choice',
    choices: ['podman', 'docker'],
    // As --logFormat: a bad value is then the parser's one-line error rather than yargs' usage block.
    caseInsensitive: true,
    group: 'misc',
    // Workers read TOIL_CONTAINER_ENGINE themselves (the leader passes this option as that variable).
    env: false,
    help: "Container engine for dockerCall in jobs (@toil/containers): 'podman' or 'docker'. Given to workers as TOIL_CONTAINER_ENGINE. Default: TOIL_CONTAINER_ENGINE, else the first of podman and docker found on the worker's PATH.",
  },
  {
    name: 'sseKey',
    type: 'string',
    group: 'misc',
    help: 'Path of a file holding a 32-character key for server-side encryption with a customer key (SSE-C) of the files of an aws: job store; the file must be readable wherever workers run. Without it, no customer key is used.',
  },
  {
    name: 'disableChaining',
    type: 'boolean',
    group: 'misc',
    default: false,
    help: "Disable chaining of jobs (running a successor in its predecessor's worker and allocation).",
  },
  {
    name: 'maxLogFileSize',
    type: 'bytes',
    min: 0,
    group: 'misc',
    default: 64000,
    help: 'Largest job log to keep, in bytes; longer logs are cut to their last part. 0 keeps whole logs. Also the size at which --rotatingLogging rotates.',
  },
  {
    name: 'writeLogs',
    type: 'string',
    optionalValue: true,
    bareValue: (ctx) => ctx.cwd,
    group: 'misc',
    normalize: (v, ctx) => resolve(ctx.cwd, v as string),
    help: 'Write worker logs received by the leader, and output of failed batch jobs, into files in this directory (the current one when no PATH is given), one per job attempt, named <job name>_<job ID>_<n>.log with failed_ in front for failed attempts. By default only failed jobs send logs; see --writeLogsFromAllJobs.',
  },
  {
    name: 'writeLogsGzip',
    type: 'string',
    optionalValue: true,
    bareValue: (ctx) => ctx.cwd,
    group: 'misc',
    normalize: (v, ctx) => resolve(ctx.cwd, v as string),
    help: 'Like --writeLogs, but gzip the files (named .log.gz).',
  },
  {
    name: 'writeLogsFromAllJobs',
    type: 'boolean',
    group: 'misc',
    default: false,
    help: 'Write logs of all jobs, successful ones included (as --logLevel DEBUG does). Needs --writeLogs or --writeLogsGzip.',
  },
  {
    name: 'realTimeLogging',
    type: 'boolean',
    group: 'misc',
    default: false,
    help: "Show jobs' log messages (ctx.log at INFO or above, RealtimeLogger) on the leader's log while the jobs run, not only when they end. They travel through the job store, so this works on every batch system.",
  },
  {
    name: 'setEnv',
    aliases: ['e'],
    type: 'list',
    target: 'environment',
    group: 'misc',
    default: {},
    env: false,
    help: 'NAME=VALUE or NAME: set an environment variable in workers before they start; a bare NAME copies it from the current environment. Repeatable.',
    parse: (v, what, ctx) => parseSetEnv(v, what, ctx.env),
  },
  {
    name: 'servicePollingInterval',
    type: 'number',
    min: 0,
    group: 'misc',
    default: 60,
    help: 'Seconds service jobs wait between checks of their keep-alive flag.',
  },
  {
    name: 'disableProgress',
    type: 'boolean',
    group: 'misc',
    default: false,
    help: 'Disable the progress bar shown when standard error is a terminal.',
  },
  {
    name: 'metrics',
    type: 'boolean',
    group: 'misc',
    default: false,
    help: 'Serve Prometheus metrics of the workflow (jobs issued, completed and failed by job type, queue size, missing jobs, process figures) from the leader at http://<host>:<port>/metrics while it runs; the URL is logged at INFO.',
  },
  {
    name: 'metricsPort',
    type: 'number',
    integer: true,
    min: 0,
    lessThan: 65536,
    group: 'misc',
    default: 0,
    help: 'Port of the --metrics endpoint; 0 picks a free port.',
  },
  {
    name: 'metricsHost',
    type: 'string',
    group: 'misc',
    default: '127.0.0.1',
    help: 'Address the --metrics endpoint listens on. The default serves this machine only; use 0.0.0.0 (every interface) or the address of one interface for a Prometheus server on another machine, which can then read the job names of the workflow.',
    // An empty address would make Node listen on every interface, the opposite of what an empty value suggests.
    validate: (v) => (v as string).trim() !== '' || 'give an address such as 127.0.0.1 or 0.0.0.0',
  },
  // Debug
  {
    name: 'debugWorker',
    type: 'boolean',
    group: 'debug',
    default: false,
    help: "Run jobs in the leader's process, without forking workers or redirecting their output, so a debugger attached to the leader stops in job code. single_machine only; jobs still run side by side within --maxCores (--maxCores 1 runs one at a time).",
  },
  {
    name: 'disableWorkerOutputCapture',
    type: 'boolean',
    group: 'debug',
    default: false,
    help: "Let worker output go to the worker's standard output and error instead of per-job logs.",
  },
  {
    name: 'badWorker',
    type: 'number',
    min: 0,
    lessThan: 1,
    group: 'debug',
    default: 0,
    help: 'For testing: kill this fraction of jobs at random with SIGKILL.',
  },
  {
    name: 'badWorkerFailInterval',
    type: 'number',
    min: 0,
    group: 'debug',
    default: 0.01,
    help: 'For testing: kill a --badWorker job at a random time up to this many seconds after its worker starts.',
  },
  ...AUTOSCALE_OPTIONS,
];

function isAccelerator(spec: string): boolean {
  try {
    parseAccelerator(spec);
    return true;
  } catch {
    return false;
  }
}
