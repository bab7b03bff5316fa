import type { WorkflowConfig } from './config.js';
import { applyValues, defaultConfig, finishConfig } from './parse.js';
import type { OptionContext, OptionSpec } from './spec.js';
import { collectExplicit, indexOptions } from './values.js';

/** Options for {@link mergeRestartOptions}. */
export interface MergeRestartContext {
  /**
   * Used only for `--setEnv NAME` look-ups; `TOIL_<NAME>` variables are not read on restart. Default: `process.env`.
   */
  env?: NodeJS.ProcessEnv;
  /** Directory relative paths resolve against. Default: `process.cwd()`. */
  cwd?: string;
  /** Options registered by backends. */
  extraOptions?: readonly OptionSpec[];
}

/**
 * The configuration of a `--restart`: the stored config, with every option given explicitly on the restart
 * command line (`explicit`, yargs output or a plain object as for parseOptions) replacing the stored value.
 * Exceptions that merge instead of replace: `--setEnv` adds to or overrides the stored variables by name, and
 * backend options replace stored `extra` entries by name. Giving only one of `--writeLogs`/`--writeLogsGzip`
 * switches to it. `restart` becomes true; workflowId and workflowAttemptNumber stay as stored (the Toil class
 * increments the attempt). Fields missing from an older stored config take today's defaults. The cross-option
 * rules of parseOptions apply to the result.
 */
export function mergeRestartOptions(
  stored: WorkflowConfig,
  explicit: Record<string, unknown>,
  opts: MergeRestartContext = {},
): WorkflowConfig {
  const ctx: OptionContext = { cwd: opts.cwd ?? process.cwd(), env: opts.env ?? process.env };
  const index = indexOptions(opts.extraOptions);
  const values = collectExplicit(explicit, index, ctx);
  const base = defaultConfig(stored.jobStore, index);
  const config: WorkflowConfig = {
    ...base,
    ...structuredClone(stored),
    extra: { ...base.extra, ...structuredClone(stored.extra ?? {}) },
    restart: true,
  };
  if (values.has('setEnv')) {
    values.set('setEnv', { ...config.environment, ...(values.get('setEnv') as Record<string, string>) });
  }
  if (values.get('writeLogs') !== undefined && !values.has('writeLogsGzip')) values.set('writeLogsGzip', undefined);
  if (values.get('writeLogsGzip') !== undefined && !values.has('writeLogs')) values.set('writeLogs', undefined);
  values.delete('restart');
  applyValues(config, values, index);
  return finishConfig(config, values);
}
