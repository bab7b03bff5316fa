/**
 * Where the runner's jobs run. On `single_machine` they run in the runner's own process by default (core's
 * in-process runner, the one `--debugWorker` uses): a WDL job spends its time in the task's command, which is a
 * child process anyway, and a forked worker would cost each run a second Node start, a second load of the
 * interpreter and a second build of the parser (about 0.7 s of a 2 s run). The jobs then import the interpreter
 * this process already loaded (`--disableAutoDeployment`, the built `dist/jobs.js` by path), so nothing is bundled.
 * Other batch systems, or `--no-inProcessJobs`, keep worker processes and the bundled module.
 */
import type { WorkflowConfig } from '@toil/core';

/** The config a run uses: `config` with in-process jobs when `inProcessJobs` and the batch system allows it. */
export function jobPlacement(config: WorkflowConfig, inProcessJobs: boolean): WorkflowConfig {
  if (!inProcessJobs || config.batchSystem !== 'single_machine') return config;
  return { ...config, debugWorker: true, disableAutoDeployment: true };
}
