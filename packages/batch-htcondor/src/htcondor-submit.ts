import { InvalidValueError } from '@toil/core';

/**
 * Extra submit-description commands for every job (Toil's TOIL_HTCONDOR_PARAMS): `key = value` pairs separated by `;`.
 */
export const HTCONDOR_PARAMS_ENV = 'TOIL_HTCONDOR_PARAMS';

/** Submit commands Toil writes from each job, so TOIL_HTCONDOR_PARAMS must not. */
const RESERVED = new Set([
  'universe',
  'executable',
  'arguments',
  'output',
  'error',
  'log',
  'request_cpus',
  'request_memory',
  'request_disk',
  'request_gpus',
  'queue',
  'batch_name',
]);

/** What one job's submit description is made of. */
export interface SubmitDescriptionInput {
  executable: string;
  output: string;
  error: string;
  /** The job event log (`log`), where HTCondor records each job's submission, start, end or hold. */
  log: string;
  batchName: string;
  cpus: number;
  memoryMiB: number;
  diskKiB: number;
  gpus: number;
  /** Extra `key = value` commands from TOIL_HTCONDOR_PARAMS. */
  params: readonly (readonly [string, string])[];
}

/** TOIL_HTCONDOR_PARAMS as `[key, value]` pairs; a malformed or reserved entry is an InvalidValueError quoting it. */
export function parseParams(value: string | undefined): [string, string][] {
  const pairs: [string, string][] = [];
  for (const entry of (value ?? '')
    .split(';')
    .map((e) => e.trim())
    .filter(Boolean)) {
    const match = /^(\+?[A-Za-z_][\w.+]*)\s*=\s*(.*)$/.exec(entry);
    if (!match || !match[2].trim()) {
      throw new InvalidValueError(
        HTCONDOR_PARAMS_ENV,
        value,
        `'${entry}' is not a 'key = value' pair; separate pairs with ';', e.g. "requirements = TARGET.has_sse4_2 == true; accounting_group = test"`,
      );
    }
    if (RESERVED.has(match[1].toLowerCase()))
      throw new InvalidValueError(HTCONDOR_PARAMS_ENV, value, `remove '${match[1]}': Toil sets it from each job`);
    pairs.push([match[1], match[2].trim()]);
  }
  return pairs;
}

/**
 * A submit description for one job (one cluster, one process). The executable is the worker script, run on the
 * execute node (HTCondor transfers it when there is no shared file system for it); the environment is set inside it.
 */
export function submitDescription(input: SubmitDescriptionInput): string {
  const lines = [
    'universe = vanilla',
    `executable = ${input.executable}`,
    `output = ${input.output}`,
    `error = ${input.error}`,
    `log = ${input.log}`,
    `batch_name = ${input.batchName}`,
    `request_cpus = ${input.cpus}`,
    `request_memory = ${input.memoryMiB}`,
    `request_disk = ${input.diskKiB}`,
  ];
  if (input.gpus > 0) lines.push(`request_gpus = ${input.gpus}`);
  for (const [key, value] of input.params) lines.push(`${key} = ${value}`);
  lines.push('queue 1');
  return `${lines.join('\n')}\n`;
}
