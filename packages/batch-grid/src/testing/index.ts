/**
 * @toil/batch-grid/testing: test doubles for scheduler packages. `ScriptedRunner` replays scripted command
 * results; `LocalFakeScheduler` runs jobs on this machine behind a fake scheduler command line, so a scheduler
 * package's contract tests can run where its real scheduler is not installed (named fake-backed).
 */
export { ScriptedRunner, type ScriptedResponse } from './scripted-runner.js';
export { LocalFakeScheduler, type LocalFakeSchedulerOptions } from './local-fake-scheduler.js';
export {
  runSeconds,
  shellExitStatus,
  SIGNAL_NUMBERS,
  type FakeJob,
  type FakeJobRequest,
  type FakeJobState,
} from './fake-job.js';
export { parseFakeArgs, lastOption, type FakeArgs } from './fake-cli.js';
export { shellJobSpec, waitFor } from './shell-job.js';
