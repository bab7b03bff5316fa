/**
 * Where the runner's jobs run. On `single_machine` they run in the runner's own process by default (core's
 * in-process runner, the one `--debugWorker` uses), as @toil/wdl's do: a CWL job spends its time in the tool's
 * command, a child process anyway, and a forked worker costs every run a second Node start plus a second load of
 * core, the loader and the bundle (about 1 s of a run that otherwise takes 0.3 s). The jobs are then the ones this
 * process already imported (`--disableAutoDeployment`: the built `dist/jobs.js` by path), so nothing is bundled.
 * Other batch systems, or `--inProcessJobs false`, keep worker processes and the bundled module.
 */
import type { WorkflowConfig } from '@toil/core';

/** The config a run uses: `config` with in-process jobs when `inProcessJobs` and the batch system allows it. */
export function jobPlacement(config: WorkflowConfig, inProcessJobs: boolean): WorkflowConfig {
  if (!inProcessJobs || config.batchSystem !== 'single_machine') return config;
  return { ...config, debugWorker: true, disableAutoDeployment: true };
}
