/**
 * Runs that bypass the file store (Python Toil's `--bypass-file-store`): the process runs in the runner's own
 * process with its files on the local disk, not as Toil jobs. Only for a process tree that has
 * InplaceUpdateRequirement: a tool there changes a File or Directory in place and a later step must see the
 * change, which needs the one copy on disk that every step shares; through the job store each job gets a copy of
 * its own (Python Toil refuses InplaceUpdateRequirement without `--bypass-file-store` for the same reason).
 */
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { Sandbox } from '../expr/sandbox.js';
import type { RunContext } from '../runtime/context.js';
import { relocate } from '../runtime/relocate.js';
import { runBound } from '../runtime/run-process.js';
import { fetchUrlInputs } from '../runtime/url-inputs.js';
import type { RunnerOptions } from '../cli/options.js';
import type { ToilRunInput } from './run.js';

/** Whether InplaceUpdateRequirement appears anywhere in the tree or the job's overrides (defined in inplace.ts). */
export { needsSharedFiles } from './inplace.js';

/** Runs the process here, its files on disk under `workRoot`; the outputs are copied into `options.outdir`. */
export async function runBypassingFileStore(
  input: ToilRunInput,
  options: RunnerOptions,
  workRoot: string,
): Promise<Record<string, unknown>> {
  // With no job store, inputs given as URLs are downloaded into the run's folder before binding.
  await fetchUrlInputs(input.job, workRoot);
  const sandbox = new Sandbox(options.evalTimeout * 1000);
  // A private (0700) folder of this run under --tmp-outdir-prefix, removed after the run.
  const outRoot =
    options.tmpOutdirPrefix === undefined ? undefined : mkdtempSync(join(options.tmpOutdirPrefix, 'toil-cwl-out-'));
  const run: RunContext = {
    sandbox,
    workRoot,
    containers: options.container,
    defaultContainer: options.defaultContainer,
    outRoot,
    preserveEnvironment: options.preserveEnvironment,
    preserveEntireEnvironment: options.preserveEntireEnvironment,
    log: (message) => {
      if (!options.quiet) process.stderr.write(`${message}\n`);
    },
  };
  try {
    const inherited = { requirements: [], hints: [], overrides: input.overrides };
    const outputs = await runBound(input.process, input.job, input.jobDir, inherited, run);
    const outdir = resolve(options.outdir);
    mkdirSync(outdir, { recursive: true });
    relocate(outputs, outdir);
    return outputs;
  } finally {
    await sandbox.close();
    if (outRoot !== undefined && !options.leaveTmpdir) rmSync(outRoot, { recursive: true, force: true });
  }
}
