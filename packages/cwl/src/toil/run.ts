/**
 * Running a CWL process as Toil jobs: the job store (a private temporary one unless --jobStore, deleted after a
 * successful run), the input files imported into it, the root job (a workflow's first round or the tool), and the
 * final outputs exported into --outdir. `--restart` resumes the workflow a job store holds.
 */
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parseOptions, Toil, type WorkflowConfig } from '@toil/core';
import type { OptionSpec } from '@toil/core/internal';
import { Sandbox } from '../expr/sandbox.js';
import type { Process } from '../model.js';
import { checkProcessInputFormats } from '../runtime/input-formats.js';
import { bindInputs } from '../runtime/inputs.js';
import { Requirements, type Inherited } from '../runtime/requirements.js';
import type { RunnerOptions } from '../cli/options.js';
import { exportOutputs } from './export.js';
import { uploadFiles } from './files.js';
import { stepRequirements } from '../workflow/run-workflow.js';
import { cwlRound, toolJob, type CwlJobOptions } from './jobs.js';
import { markerError, markerIn } from './markers.js';
import { jobPlacement } from './in-process.js';
import { hasUrlInputs } from './url-imports.js';

/** What the runner knows before the run: the process, its job, and where the job file is. */
export interface ToilRunInput {
  /** The loaded process. */
  process: Process;
  /** The document reference as given (made absolute here, so workers find it). */
  processRef: string;
  /** The input object. */
  job: Record<string, unknown>;
  /** Folder relative File paths of the job resolve against. */
  jobDir: string;
  /** The input object's own requirements. */
  overrides: Inherited['overrides'];
}

/** Runs the process on Toil; resolves to the output object with its files in `options.outdir`. */
export async function runOnToil(
  input: ToilRunInput,
  options: RunnerOptions,
  raw: Record<string, unknown>,
  givenJobStore: string | undefined,
  backendOptions: readonly OptionSpec[] = [],
): Promise<Record<string, unknown>> {
  // A private (0700, mkdtemp) folder for the default job store, removed after a successful run.
  const scratch =
    givenJobStore === undefined ? mkdtempSync(join(options.tmpdirPrefix ?? tmpdir(), 'toil-cwl-')) : undefined;
  const jobStore = givenJobStore ?? join(scratch!, 'jobstore');
  let ok = false;
  try {
    // The installed batch systems' options (--slurmJobArrays, ...) land in config.extra, as with `toil run`.
    const config = jobPlacement(parseOptions(raw, { jobStore, extraOptions: backendOptions }), options.inProcessJobs);
    if (options.quiet && raw.logLevel === undefined) config.logLevel = 'WARNING';
    const workflowModule = fileURLToPath(new URL('./jobs.js', import.meta.url));
    const toil = await Toil.openConfig(config, { workflowModule, extraOptions: backendOptions });
    try {
      const outputs = (config.restart ? await toil.restart() : await start(toil, input, options, config)) as Record<
        string,
        unknown
      >;
      const marker = markerIn(outputs);
      if (marker !== undefined) {
        // The workflow itself succeeded (the job returned the marker): its temporary store goes as after a success.
        ok = true;
        throw markerError(marker);
      }
      const outdir = resolve(options.outdir);
      mkdirSync(outdir, { recursive: true });
      await exportOutputs(outputs, outdir, (id, dest) => toil.exportFile(id, pathToFileURL(dest).href));
      ok = true;
      return outputs;
    } finally {
      await toil.close();
    }
  } finally {
    // Kept after a failure only while it holds a job store to --restart (a run refused before its first job,
    // a bad input say, leaves none).
    if (scratch !== undefined && !options.leaveTmpdir && (ok || !existsSync(jobStore)))
      rmSync(scratch, { recursive: true, force: true });
  }
}

/**
 * Refuses an unsupported requirement anywhere in the process tree before anything runs, so it exits 33 as on the
 * in-process path (inside a job it would be a failed job, exit 1).
 */
function checkTree(process: Process, reqs: Requirements, containers: boolean): void {
  reqs.checkSupported({ containers });
  for (const step of process.steps ?? []) {
    const stepReqs = stepRequirements(step, reqs);
    checkTree(step.run, new Requirements(step.run, stepReqs.inherit()), containers);
  }
}

/** Whether the leader shows or keeps jobs' INFO messages (see CwlJobOptions.logCommands). */
function commandsShown(config: WorkflowConfig): boolean {
  const verbose = config.logLevel === 'INFO' || config.logLevel === 'DEBUG';
  return verbose || config.writeLogs !== undefined || config.writeLogsGzip !== undefined || config.writeLogsFromAllJobs;
}

async function start(
  toil: Toil,
  input: ToilRunInput,
  options: RunnerOptions,
  config: WorkflowConfig,
): Promise<unknown> {
  const { process } = input;
  const inherited: Inherited = { requirements: [], hints: [], overrides: input.overrides };
  const reqs = new Requirements(process, inherited);
  checkTree(process, reqs, options.container);
  const listing = String(reqs.get('LoadListingRequirement')?.loadListing ?? 'no_listing');
  if (hasUrlInputs(input.job)) {
    // Imported straight into the job store, before binding (loaded only when a URL is there: start-up).
    const [{ importUrlInputs }, { toilUrlStore }] = await Promise.all([
      import('./url-imports.js'),
      import('./url-store.js'),
    ]);
    await importUrlInputs(process.inputs, input.job, toilUrlStore(toil), listing);
  }
  const inputs = bindInputs(process.inputs, input.job, input.jobDir, process.file, listing, true, process.namespaces);
  // A Workflow's own input formats, before any step runs (a tool checks its own when it runs: run-tool.ts).
  if (process.class === 'Workflow') await checkProcessInputFormats(process, inputs, reqs, options.evalTimeout * 1000);
  await uploadFiles(inputs, async (path) => (await toil.importFile(pathToFileURL(path).href)).id, new Map());
  const hash = input.processRef.indexOf('#');
  const ref =
    resolve(hash === -1 ? input.processRef : input.processRef.slice(0, hash)) +
    (hash === -1 ? '' : input.processRef.slice(hash));
  const where = { ref, path: [] };
  const opts: CwlJobOptions = {
    containers: options.container,
    evalTimeoutMs: options.evalTimeout * 1000,
    ...(options.defaultContainer === undefined ? {} : { defaultContainer: options.defaultContainer }),
    ...(options.tmpOutdirPrefix === undefined ? {} : { tmpOutdirPrefix: resolve(options.tmpOutdirPrefix) }),
    preserveEnvironment: options.preserveEnvironment,
    preserveEntireEnvironment: options.preserveEntireEnvironment,
    logCommands: commandsShown(config),
  };
  if (process.class === 'Workflow') return toil.start(cwlRound, { where, inherited, inputs, results: {}, opts });
  const sandbox = new Sandbox(opts.evalTimeoutMs);
  try {
    const run = { sandbox, workRoot: tmpdir(), containers: options.container, log: () => undefined };
    const def = await toolJob(reqs, run, inputs);
    return await toil.start(def.named(process.id || basename(process.file)), { where, inherited, inputs, opts });
  } finally {
    await sandbox.close();
  }
}
