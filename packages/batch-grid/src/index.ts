/**
 * @toil/batch-grid: the shared base of batch systems that drive a scheduler through its command-line tools
 * (Slurm, GridEngine, LSF, Torque, HTCondor, Parasol). A scheduler package subclasses `GridBatchSystem`;
 * its tests use the doubles in `@toil/batch-grid/testing`.
 */
export { GridBatchSystem } from './grid-batch-system.js';
export {
  DEFAULT_GRID_TUNING,
  type GridSubmission,
  type GridOptions,
  type GridTuning,
  type SubmitCommand,
} from './grid-types.js';
export {
  ProcessCommandRunner,
  CommandNotFoundError,
  firstErrorLine,
  type CommandRunner,
  type CommandResult,
  type CommandOptions,
} from './command-runner.js';
export type { SchedulerJobStatus } from './job-status.js';
export { SchedulerError } from './errors.js';
export { workerScript, envExports, stdPath, type StdStream } from './worker-script.js';
export { arrayScript, type ArraySupport, type ArrayTask } from './array-script.js';
export { ScriptFiles } from './script-files.js';
export { wholeCores, memoryMiB, diskMiB, gpuCount, clockTime, parseClockTime } from './resources.js';
export { splitArgs } from './split-args.js';
export { findCommand, requireCommands } from './find-command.js';
export { gridPreflight } from './preflight.js';
