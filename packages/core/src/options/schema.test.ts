import { describe, expect, it } from 'vitest';
import type { WorkflowConfig } from './config.js';
import { getDefaultConfig } from './parse.js';
import { TOIL_OPTIONS } from './schema.js';
import { OPTION_GROUP_TITLES } from './spec.js';

/**
 * Toil's Config defaults (Toil's `toil.common.Config` and the "Commandline Options" section of its documentation), with
 * sys.maxsize as Infinity.
 */
const TOIL_DEFAULTS: WorkflowConfig = {
  configVersion: 1,
  workflowId: '',
  workflowAttemptNumber: 0,
  jobStore: 'file:/data/js',
  noStdOutErr: false,
  stats: false,
  clean: 'onSuccess',
  cleanWorkDir: 'always',
  restart: false,
  logLevel: 'INFO',
  rotatingLogging: false,
  logFormat: 'text',
  batchSystem: 'single_machine',
  disableAutoDeployment: false,
  scale: 1,
  linkImports: false,
  statePollingWait: 1,
  defaultMemory: 2147483648,
  defaultCores: 1,
  defaultDisk: 2147483648,
  defaultAccelerators: [],
  defaultPreemptible: false,
  maxCores: Infinity,
  maxMemory: Infinity,
  maxDisk: Infinity,
  retryCount: 1,
  enableUnlimitedPreemptibleRetries: false,
  doubleMem: false,
  maxJobDuration: Infinity,
  rescueJobsFrequency: 3600,
  disableChaining: false,
  maxLogFileSize: 64000,
  writeLogsFromAllJobs: false,
  realTimeLogging: false,
  environment: {},
  servicePollingInterval: 60,
  deadlockWait: 60,
  deadlockCheckInterval: 30,
  maxServiceJobs: Infinity,
  disableProgress: false,
  metrics: false,
  metricsPort: 0,
  metricsHost: '127.0.0.1',
  debugWorker: false,
  disableWorkerOutputCapture: false,
  badWorker: 0,
  badWorkerFailInterval: 0.01,
  nodeTypes: [],
  minNodes: [],
  maxNodes: [10],
  targetTime: 1800,
  betaInertia: 0.1,
  scaleInterval: 60,
  preemptibleCompensation: 0,
  nodeStorage: 50,
  nodeStorageOverrides: {},
  nodeBootTimeout: 600,
  extra: {},
};

describe('option table', () => {
  it("gives Toil's defaults for every field, leaving the optional ones unset", () => {
    const config = getDefaultConfig('/data/js');
    expect(config).toStrictEqual(TOIL_DEFAULTS);
    for (const field of ['workDir', 'logFile', 'writeLogs', 'writeLogsGzip', 'provisioner', 'clusterStats'] as const)
      expect(field in config).toBe(false);
  });

  it('names every option once, in a known group, with help text', () => {
    const names = TOIL_OPTIONS.flatMap((s) => [s.name, ...(s.aliases ?? [])]);
    expect(new Set(names).size).toBe(names.length);
    for (const spec of TOIL_OPTIONS) {
      expect(OPTION_GROUP_TITLES[spec.group], spec.name).toBeDefined();
      expect(spec.help.length, spec.name).toBeGreaterThan(20);
      if (spec.type === 'choice') expect(spec.choices?.length, spec.name).toBeGreaterThan(1);
    }
  });

  it("covers Toil's workflow options by Toil's names", () => {
    const names = new Set(TOIL_OPTIONS.flatMap((s) => [s.name, ...(s.aliases ?? [])]));
    const toil = [
      'workDir',
      'noStdOutErr',
      'stats',
      'clean',
      'cleanWorkDir',
      'restart',
      'logOff',
      'logCritical',
      'logError',
      'logWarning',
      'logInfo',
      'logDebug',
      'logLevel',
      'logFile',
      'rotatingLogging',
      'batchSystem',
      'disableAutoDeployment',
      'scale',
      'linkImports',
      'statePollingWait',
      'defaultMemory',
      'defaultCores',
      'defaultDisk',
      'defaultAccelerators',
      'defaultPreemptible',
      'defaultPreemptable',
      'maxCores',
      'maxMemory',
      'maxDisk',
      'retryCount',
      'enableUnlimitedPreemptibleRetries',
      'doubleMem',
      'maxJobDuration',
      'rescueJobsFrequency',
      'disableCaching',
      'disableChaining',
      'maxLogFileSize',
      'writeLogs',
      'writeLogsGzip',
      'writeLogsFromAllJobs',
      'realTimeLogging',
      'setEnv',
      'e',
      'servicePollingInterval',
      'deadlockWait',
      'deadlockCheckInterval',
      'maxServiceJobs',
      'disableProgress',
      'debugWorker',
      'disableWorkerOutputCapture',
      'badWorker',
      'badWorkerFailInterval',
    ];
    expect(toil.filter((n) => !names.has(n))).toEqual([]);
  });
});
