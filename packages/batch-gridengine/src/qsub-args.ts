import { InvalidValueError } from '@toil/core';
import { memoryMiB, splitArgs, wholeCores, type GridSubmission } from '@toil/batch-grid';

/** Extra qsub arguments for every job, e.g. `-q batch.q -P myproject` (Toil's TOIL_GRIDENGINE_ARGS). */
export const GRIDENGINE_ARGS_ENV = 'TOIL_GRIDENGINE_ARGS';
/** The parallel environment multi-core jobs ask their slots from, e.g. `smp` (Toil's TOIL_GRIDENGINE_PE). */
export const GRIDENGINE_PE_ENV = 'TOIL_GRIDENGINE_PE';

/** What the environment says about every job's qsub command line. */
export interface QsubSettings {
  extraArgs: string[];
  /** Parallel environment name, when multi-core jobs are allowed. */
  pe?: string;
}

/**
 * qsub options Toil sets itself, so TOIL_GRIDENGINE_ARGS must not: name and output files (Toil reads them back),
 * `-b y` (the worker script comes on stdin), `-t` and `-sync` (one plain job per qsub, and qsub must return).
 */
const RESERVED: Record<string, string> = {
  '-N': 'Toil names each job',
  '-o': 'Toil sets the output files of each job',
  '-e': 'Toil sets the output files of each job',
  '-b': 'Toil submits a script on stdin',
  '-t': 'Toil submits one job per qsub, not arrays',
  '-sync': 'qsub must return as soon as the job is queued',
  '-pe': `multi-core jobs get their slots from ${GRIDENGINE_PE_ENV}`,
};
/** Resources Toil requests from each job's requirements (mem_free and its shortcut mf). */
const RESERVED_RESOURCES = /(^|,)(mem_free|mf)=/;

/** Read TOIL_GRIDENGINE_ARGS and TOIL_GRIDENGINE_PE, refusing values that would fight Toil's own options. */
export function qsubSettings(env: NodeJS.ProcessEnv): QsubSettings {
  const raw = env[GRIDENGINE_ARGS_ENV];
  const extraArgs = splitArgs(GRIDENGINE_ARGS_ENV, raw);
  for (const [i, arg] of extraArgs.entries()) {
    const why = RESERVED[arg];
    if (why) throw new InvalidValueError(GRIDENGINE_ARGS_ENV, raw, `remove '${arg}': ${why}`);
    if (extraArgs[i - 1] === '-l' && RESERVED_RESOURCES.test(arg)) {
      throw new InvalidValueError(
        GRIDENGINE_ARGS_ENV,
        raw,
        `remove '${arg}': Toil requests mem_free from each job's memory requirement`,
      );
    }
  }
  const pe = env[GRIDENGINE_PE_ENV]?.trim() || undefined;
  if (pe !== undefined && !/^[^\s,/:@\\*?]+$/.test(pe)) {
    throw new InvalidValueError(
      GRIDENGINE_PE_ENV,
      env[GRIDENGINE_PE_ENV],
      "give just the parallel environment's name, e.g. smp (Toil adds the slot count); qconf -spl lists them",
    );
  }
  return { extraArgs, pe };
}

/**
 * The qsub command line of one job (its script goes on stdin). Memory is requested as `mem_free`, which the
 * scheduler checks against each host's free memory, not as `h_vmem`: that is an address-space limit (ulimit -v),
 * and Node reserves over 1 GB of address space at start-up, so a worker asking for 200M could not even start.
 * One core needs no parallel environment; more take `-pe <TOIL_GRIDENGINE_PE> N`, as Toil did.
 */
export function qsubArgv(job: GridSubmission, settings: QsubSettings): string[] {
  const { requirements } = job.spec;
  const argv = ['qsub', '-terse', '-N', job.jobName, '-o', job.stdout, '-e', job.stderr, '-V', '-cwd', '-S', '/bin/sh'];
  const resources = [`mem_free=${memoryMiB(requirements)}M`];
  if (job.wallTimeSeconds !== undefined) resources.push(`h_rt=${Math.max(1, Math.ceil(job.wallTimeSeconds))}`);
  argv.push('-l', resources.join(','));
  const cores = wholeCores(requirements);
  if (cores > 1 && settings.pe) argv.push('-pe', settings.pe, String(cores));
  return [...argv, ...settings.extraArgs];
}
