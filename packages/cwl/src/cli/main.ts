/**
 * `toil-cwl-runner`: loads the process and the job, runs it, copies the outputs into `--outdir` and prints the
 * output object as JSON on stdout; logs and errors go to stderr. Exit 0 on success, 33 for an unsupported
 * feature, 1 for any other failure.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { CwlError, CwlInputError, CwlUnsupportedError, UNSUPPORTED_EXIT } from '../errors.js';
import { loadProcess } from '../loader/load.js';
import { readYamlFile } from '../loader/read-yaml.js';
import type { Requirement } from '../model.js';
import { needsSharedFiles, runBypassingFileStore } from '../toil/bypass.js';
import { runOnToil } from '../toil/run.js';
import { isPlainObject } from '../types/check.js';
import { splitCommandLine } from './command-line.js';
import { mergeInputs } from './doc-args.js';
import { documentHelp } from './doc-help.js';
import { parseRunnerArgs, USAGE } from './options.js';
import type { ToilCommandLine } from './toil-options.js';

/** Runs the runner on `argv` and resolves to the exit code. */
export async function main(argv: string[]): Promise<number> {
  let options;
  let toil: ToilCommandLine | undefined;
  // No Singularity/Apptainer on this machine kind (podman and docker are): exit 33, which cwltest counts as
  // unsupported, before anything is parsed or started.
  if (argv.includes('--singularity')) {
    process.stderr.write(
      'toil-cwl-runner: --singularity: Singularity/Apptainer is not available here; DockerRequirement runs with ' +
        'podman or docker (TOIL_CONTAINER_ENGINE), or drop containers with --no-container.\n',
    );
    return 33;
  }
  let split;
  try {
    // The document's own inputs after it (`wf.cwl --numbers 1 --numbers 2`) come out first; the rest is the runner's.
    split = await splitCommandLine(argv);
    if (split.help && split.process !== undefined) {
      process.stdout.write(`${documentHelp(split.docRef ?? '', split.process)}\n`);
      return 0;
    }
    options = parseRunnerArgs(split.runnerArgv);
    if (options === 'toil') {
      toil = await (await import('./toil-options.js')).parseToilCommandLine(split.runnerArgv);
      options = toil.runner;
    }
  } catch (error) {
    // A document that cannot be loaded (read to find its inputs) is reported as it is when it runs: exit 1.
    process.stderr.write(
      `toil-cwl-runner: ${error instanceof CwlError ? describe(error) : (error as Error).message}\n`,
    );
    return error instanceof CwlError ? 1 : 2;
  }
  if (options === undefined) {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  // A private (0700, mkdtemp) folder for the work folders of a run that bypasses the file store (and the inputs
  // it downloads from URLs; as Toil jobs they are imported into the job store instead, toil/url-imports.ts).
  const workRoot = mkdtempSync(join(options.tmpdirPrefix ?? tmpdir(), 'toil-cwl-'));
  try {
    const process_ = split.process ?? loadProcess(options.processRef);
    const job = options.jobFile === undefined ? {} : readJob(options.jobFile);
    mergeInputs(job, split.inputs);
    const jobDir = options.jobFile === undefined ? process.cwd() : dirname(resolve(options.jobFile));
    const overrides = jobRequirements(job, options.jobFile ?? '');
    const input = { process: process_, processRef: options.processRef, job, jobDir, overrides };
    // Every run is a Toil workflow; without Toil's options, on single_machine with in-process jobs and a private
    // temporary job store (see toil/in-process.ts), its options built without yargs. The exception: in-place
    // updates without Toil's options bypass the file store (toil/bypass.ts).
    const outputs =
      toil === undefined && needsSharedFiles(process_, overrides)
        ? await runBypassingFileStore(input, options, workRoot)
        : await runOnToil(input, options, toil?.raw ?? {}, toil?.jobStore, toil?.backendOptions);
    process.stdout.write(`${JSON.stringify(outputs, null, 2)}\n`);
    return 0;
  } catch (error) {
    process.stderr.write(`toil-cwl-runner: ${describe(error)}\n`);
    return error instanceof CwlUnsupportedError ? UNSUPPORTED_EXIT : 1;
  } finally {
    if (!options.leaveTmpdir) rmSync(workRoot, { recursive: true, force: true });
  }
}

function readJob(file: string): Record<string, unknown> {
  const job = readYamlFile(resolve(file));
  if (job === null) return {};
  if (!isPlainObject(job))
    throw new CwlInputError(`The job file '${file}' must hold a mapping of input names to values.`);
  return job;
}

/** The input object's own requirements (`cwl:requirements`), taken out of the inputs. */
function jobRequirements(job: Record<string, unknown>, file: string): Requirement[] {
  const raw = job['cwl:requirements'];
  delete job['cwl:requirements'];
  if (raw === undefined) return [];
  if (!Array.isArray(raw) || raw.some((r) => !isPlainObject(r) || typeof r.class !== 'string')) {
    throw new CwlInputError(`'cwl:requirements' in '${file}' must be a list of requirements, each with a class.`);
  }
  return raw as Requirement[];
}

function describe(error: unknown): string {
  // Errors of @toil/containers are ToilErrors, recognised by core's brand without importing core.
  if (
    error instanceof CwlError ||
    (error instanceof Error && (error as unknown as Record<symbol, unknown>)[Symbol.for('toil.error')] === true)
  ) {
    return error.message;
  }
  if (error instanceof Error) return `${error.name}: ${error.message}`;
  return String(error);
}
