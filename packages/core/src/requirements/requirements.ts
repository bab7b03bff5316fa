import { InvalidValueError } from '../errors.js';
import { parseBytes } from './bytes.js';
import type { CallRequirements } from './promised.js';

/** An accelerator request, e.g. `{ kind: 'gpu', count: 1, model: 'a100' }`, or the string `'gpu'` / `'cuda:2'`. */
export interface AcceleratorRequest {
  kind: string;
  count: number;
  model?: string;
}

/** What a job asks for. Unset fields take the workflow defaults (`--defaultCores`, `--defaultMemory`, ...). */
export interface Requirements {
  /** CPU cores; fractions are allowed (single_machine packs them). */
  cores?: number;
  /** Memory in bytes, or a size string like `'2G'` or `'512Mi'`. */
  memory?: number | string;
  /** Scratch disk in bytes, or a size string. */
  disk?: number | string;
  /** Accelerators (GPUs): `'gpu'`, `'cuda:2'`, or objects. */
  accelerators?: (string | AcceleratorRequest)[];
  /** The job tolerates running on preemptible (spot) nodes. */
  preemptible?: boolean;
  /** Rerun this job (deleting its subtree) when one of its successors fails for good. */
  checkpoint?: boolean;
}

/** Requirements with every default applied, as stored in job descriptions. */
export interface ResolvedRequirements {
  cores: number;
  memory: number;
  disk: number;
  accelerators: AcceleratorRequest[];
  preemptible: boolean;
}

/** Workflow-level defaults for unset requirements. */
export interface RequirementDefaults {
  defaultCores: number;
  defaultMemory: number;
  defaultDisk: number;
  defaultAccelerators: string[];
  defaultPreemptible: boolean;
}

/** Parse `'gpu'`, `'cuda:2'`, `'gpu:1:a100'` or an object into an AcceleratorRequest. */
export function parseAccelerator(spec: string | AcceleratorRequest): AcceleratorRequest {
  if (typeof spec !== 'string') {
    if (!spec.kind || !Number.isInteger(spec.count) || spec.count < 1) {
      throw new InvalidValueError(
        'accelerator',
        spec,
        "use { kind: 'gpu', count: 1 } or a string like 'gpu' or 'cuda:2'",
      );
    }
    return { ...spec };
  }
  const match = /^([a-z][\w-]*)(?::(\d+)(?::([\w.-]+))?)?$/i.exec(spec.trim());
  if (!match) throw new InvalidValueError('accelerator', spec, "use a string like 'gpu', 'cuda:2' or 'gpu:1:a100'");
  const count = match[2] === undefined ? 1 : Number(match[2]);
  if (count < 1) throw new InvalidValueError('accelerator', spec, 'the count must be at least 1');
  return match[3] ? { kind: match[1], count, model: match[3] } : { kind: match[1], count };
}

/** True for a `promisedRequirement(...)` value (checked by its symbol, so this file imports nothing of it). */
const isPromised = (value: unknown): boolean =>
  typeof value === 'object' &&
  value !== null &&
  (value as Record<symbol, unknown>)[Symbol.for('toil.PromisedRequirement')] === true;

/**
 * Check a requirements object without defaults (at definition time), so mistakes fail where they are written.
 * Promised figures (`promisedRequirement`) are checked by the leader once resolved.
 */
export function validateRequirements(call: Requirements | CallRequirements, where: string): void {
  // A copy without the promised figures (cast: they are deleted before anything reads them as plain).
  const req = { ...call } as Requirements;
  for (const key of ['cores', 'memory', 'disk'] as const) if (isPromised(req[key])) delete req[key];
  if (req.cores !== undefined && (typeof req.cores !== 'number' || !(req.cores > 0) || !Number.isFinite(req.cores))) {
    throw new InvalidValueError(`cores for ${where}`, req.cores, 'use a positive number, fractions like 0.5 allowed');
  }
  if (req.memory !== undefined) parseBytes(req.memory, `memory for ${where}`);
  if (req.disk !== undefined) parseBytes(req.disk, `disk for ${where}`);
  for (const a of req.accelerators ?? []) parseAccelerator(a);
}

/** Apply defaults and parse sizes. */
export function resolveRequirements(
  call: Requirements | CallRequirements,
  defaults: RequirementDefaults,
  where: string,
): ResolvedRequirements {
  const req = call as Requirements;
  if (isPromised(req.cores) || isPromised(req.memory) || isPromised(req.disk)) {
    throw new InvalidValueError(
      `requirements for ${where}`,
      'promisedRequirement(...)',
      'a promised requirement needs the promising job to run first: use it on a job added with addChild/addFollowOn, not on the root job or a service',
    );
  }
  validateRequirements(req, where);
  return {
    cores: req.cores ?? defaults.defaultCores,
    memory: req.memory === undefined ? defaults.defaultMemory : parseBytes(req.memory, `memory for ${where}`),
    disk: req.disk === undefined ? defaults.defaultDisk : parseBytes(req.disk, `disk for ${where}`),
    accelerators: (req.accelerators ?? defaults.defaultAccelerators).map(parseAccelerator),
    preemptible: req.preemptible ?? defaults.defaultPreemptible,
  };
}
