/**
 * Requirements in effect for a process: its own, then those of the step that runs it, then the enclosing
 * workflow's (requirements before hints at every level, the nearest one winning).
 */
import { CwlUnsupportedError } from '../errors.js';
import type { Process, Requirement } from '../model.js';

/** Requirements and hints inherited from enclosing steps and workflows, nearest first. */
export interface Inherited {
  /** Requirements, nearest first. */
  requirements: Requirement[];
  /** Hints, nearest first. */
  hints: Requirement[];
  /** Requirements of the input object (`cwl:requirements`), which win over every process's own. */
  overrides?: Requirement[];
}

/** The requirements every runner must know; any other class under `requirements` is unsupported. */
const KNOWN = new Set([
  'InlineJavascriptRequirement',
  'SchemaDefRequirement',
  'ShellCommandRequirement',
  'InitialWorkDirRequirement',
  'EnvVarRequirement',
  'ResourceRequirement',
  'SubworkflowFeatureRequirement',
  'ScatterFeatureRequirement',
  'MultipleInputFeatureRequirement',
  'StepInputExpressionRequirement',
  'LoadListingRequirement',
  'WorkReuse',
  'NetworkAccess',
  'InplaceUpdateRequirement',
  'ToolTimeLimit',
  'SoftwareRequirement',
  'DockerRequirement',
]);

/** The effective requirements of `process` under `inherited`. */
export class Requirements {
  readonly requirements: Requirement[];
  readonly hints: Requirement[];
  readonly #overrides: Requirement[];

  constructor(process: Process, inherited: Inherited) {
    this.#overrides = inherited.overrides ?? [];
    this.requirements = [...this.#overrides, ...process.requirements, ...inherited.requirements];
    this.hints = [...process.hints, ...inherited.hints];
  }

  /** The requirement (or else hint) of `cls`, with whether it is a hint. */
  find(cls: string): { req: Requirement; hint: boolean } | undefined {
    const req = this.requirements.find((r) => r.class === cls);
    if (req !== undefined) return { req, hint: false };
    const hint = this.hints.find((r) => r.class === cls);
    return hint === undefined ? undefined : { req: hint, hint: true };
  }

  /** The requirement or hint of `cls`, or undefined. */
  get(cls: string): Requirement | undefined {
    return this.find(cls)?.req;
  }

  /** What a step's process inherits: these requirements and hints. */
  inherit(): Inherited {
    return { requirements: this.requirements, hints: this.hints, overrides: this.#overrides };
  }

  /** Throws CwlUnsupportedError (exit 33) for a required feature this runner does not have. */
  checkSupported(options: { containers: boolean }): void {
    for (const req of this.requirements) {
      if (!KNOWN.has(req.class)) throw new CwlUnsupportedError(`requirement ${req.class}`);
      if (req.class === 'DockerRequirement' && !options.containers) {
        throw new CwlUnsupportedError('DockerRequirement with --no-container');
      }
    }
  }
}
