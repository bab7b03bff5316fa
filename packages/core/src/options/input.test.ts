import { describe, expect, expectTypeOf, it } from 'vitest';
import type { ToilOptionsInput } from './input.js';
import { parseOptions } from './parse.js';
import { TOIL_OPTIONS } from './schema.js';

/**
 * One entry per key of ToilOptionsInput. The compiler refuses this object when the type gains or loses a key it
 * does not list, and the test below compares the same keys with the option table at run time, so the type and
 * the table cannot drift apart.
 */
const TYPED_KEYS: Record<keyof ToilOptionsInput, true> = {
  workDir: true,
  noStdOutErr: true,
  stats: true,
  clean: true,
  cleanWorkDir: true,
  restart: true,
  logOff: true,
  logCritical: true,
  logError: true,
  logWarning: true,
  logInfo: true,
  logDebug: true,
  logLevel: true,
  logFile: true,
  rotatingLogging: true,
  logFormat: true,
  batchSystem: true,
  disableAutoDeployment: true,
  scale: true,
  linkImports: true,
  statePollingWait: true,
  defaultMemory: true,
  defaultCores: true,
  defaultDisk: true,
  defaultAccelerators: true,
  defaultPreemptible: true,
  maxCores: true,
  maxMemory: true,
  maxDisk: true,
  retryCount: true,
  enableUnlimitedPreemptibleRetries: true,
  doubleMem: true,
  maxJobDuration: true,
  rescueJobsFrequency: true,
  maxServiceJobs: true,
  deadlockWait: true,
  deadlockCheckInterval: true,
  disableCaching: true,
  containerEngine: true,
  sseKey: true,
  disableChaining: true,
  maxLogFileSize: true,
  writeLogs: true,
  writeLogsGzip: true,
  writeLogsFromAllJobs: true,
  realTimeLogging: true,
  setEnv: true,
  servicePollingInterval: true,
  disableProgress: true,
  metrics: true,
  metricsPort: true,
  metricsHost: true,
  debugWorker: true,
  disableWorkerOutputCapture: true,
  badWorker: true,
  badWorkerFailInterval: true,
  provisioner: true,
  nodeTypes: true,
  minNodes: true,
  maxNodes: true,
  targetTime: true,
  betaInertia: true,
  scaleInterval: true,
  preemptibleCompensation: true,
  nodeStorage: true,
  nodeStorageOverrides: true,
  nodeBootTimeout: true,
  clusterStats: true,
};

describe('ToilOptionsInput', () => {
  it('has exactly the options of the schema', () => {
    expect(Object.keys(TYPED_KEYS).sort()).toEqual(TOIL_OPTIONS.map((spec) => spec.name).sort());
  });

  it('types values, and a misspelt option does not compile', () => {
    expectTypeOf<ToilOptionsInput['maxCores']>().toEqualTypeOf<number | 'unlimited' | undefined>();
    expectTypeOf<ToilOptionsInput['clean']>().toEqualTypeOf<'always' | 'onError' | 'never' | 'onSuccess' | undefined>();
    // @ts-expect-error: not an option (retryCount is)
    const typo: ToilOptionsInput = { retryCont: 3 };
    // @ts-expect-error: clean takes a policy name
    const badClean: ToilOptionsInput = { clean: 'sometimes' };
    expect([typo, badClean]).toHaveLength(2);
  });

  it('every typed value is one the parser takes', () => {
    const input: ToilOptionsInput = {
      maxCores: 'unlimited',
      defaultMemory: '1G',
      maxDisk: 4096,
      clean: 'never',
      logLevel: 'debug',
      setEnv: { A: 'b' },
      defaultAccelerators: ['gpu'],
      retryCount: 0,
      writeLogs: '/tmp',
      writeLogsFromAllJobs: true,
    };
    const config = parseOptions({ ...input }, { jobStore: '/tmp/js-input-test', env: {} });
    expect(config).toMatchObject({
      maxCores: Infinity,
      defaultMemory: 1073741824,
      maxDisk: 4096,
      clean: 'never',
      logLevel: 'DEBUG',
      environment: { A: 'b' },
      retryCount: 0,
    });
  });
});
