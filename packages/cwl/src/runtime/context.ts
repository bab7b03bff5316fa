/**
 * What every process run shares: the expression sandbox, the folder runs work under, and the runner's options.
 */
import { mkdtempSync } from 'node:fs';
import { join } from 'node:path';
import type { Sandbox } from '../expr/sandbox.js';
import type { Process } from '../model.js';
import type { Requirements } from './requirements.js';

/** Options and shared state of one runner invocation. */
export interface RunContext {
  /** The expression sandbox (started lazily on the first JavaScript expression). */
  sandbox: Sandbox;
  /** A private (0700) folder that output, temp and staging folders are made under. */
  workRoot: string;
  /** True when containers may be used; false is cwltool's --no-container. */
  containers: boolean;
  /**
   * `--default-container IMAGE`: tools without a DockerRequirement run in this image (as if they required it);
   * undefined runs them on the host.
   */
  defaultContainer?: string;
  /** `--tmp-outdir-prefix`: a private folder the tools' output folders are made in instead of `workRoot`. */
  outRoot?: string;
  /** `--preserve-environment`: host variables a tool's environment keeps. */
  preserveEnvironment?: readonly string[];
  /** `--preserve-entire-environment`: a tool's environment starts from the whole host environment. */
  preserveEntireEnvironment?: boolean;
  /** Writes a log line to stderr unless quiet. */
  log: (message: string) => void;
}

/** A fresh folder under the run's work root. */
export function freshDir(ctx: RunContext, prefix: string): string {
  return mkdtempSync(join(ctx.workRoot, prefix));
}

/** Runs a process on bound inputs (given to the workflow runner, so it need not import the dispatcher). */
export type ProcessRunner = (
  process: Process,
  inputs: Record<string, unknown>,
  reqs: Requirements,
  run: RunContext,
) => Promise<Record<string, unknown>>;
