import { InvalidValueError } from '../errors.js';
import { checkAutoscaleConfig } from './autoscale-options.js';
import type { WorkflowConfig } from './config.js';
import { parseLocator } from './locator.js';
import type { OptionContext, OptionSpec } from './spec.js';
import { collectEnv, collectExplicit, indexOptions, type OptionIndex, type OptionValues } from './values.js';

/** Where parseOptions finds what the raw options do not say. */
export interface ParseOptionsContext {
  /** The job store locator (a path or `<scheme>:<rest>`); file paths are made absolute. */
  jobStore: string;
  /** Source of `TOIL_<NAME>` variables and of `--setEnv NAME` values. Default: `process.env`. */
  env?: NodeJS.ProcessEnv;
  /** Directory relative paths resolve against. Default: `process.cwd()`. */
  cwd?: string;
  /** Options registered by backends; their values land in `config.extra`. */
  extraOptions?: readonly OptionSpec[];
}

/**
 * Build a WorkflowConfig from raw option values, with Toil's defaults and validation.
 *
 * `raw` is either yargs output (from a parser set up with {@link addToilOptions}; only canonical option names are
 * read and everything else, such as the program's own options, is ignored) or a plain object from an embedding
 * program, e.g. `{ maxCores: 2, defaultMemory: '1G' }`, where values may be typed or text and an unknown key throws.
 *
 * Precedence: an option given in `raw` wins over the environment variable `TOIL_<NAME>` (`TOIL_` plus the option
 * name upper-cased: `TOIL_RETRYCOUNT=3`, `TOIL_BATCHSYSTEM=slurm`, `TOIL_DEFAULTMEMORY=4G`), which wins over the
 * default. Not read from the environment: `workDir` (TOIL_WORKDIR keeps Toil's per-machine meaning), `restart`,
 * `setEnv`, and the `--logDebug`-style shorthands (use TOIL_LOGLEVEL). Lists read from the environment are
 * comma-separated (`TOIL_DEFAULTACCELERATORS=gpu,cuda:2`).
 *
 * `workflowId` is '' and `workflowAttemptNumber` 0 here; the Toil class fills them in.
 * Throws InvalidValueError (bad value, unknown key, contradicting options) or InvalidLocatorError.
 */
export function parseOptions(raw: Record<string, unknown>, opts: ParseOptionsContext): WorkflowConfig {
  const ctx: OptionContext = { cwd: opts.cwd ?? process.cwd(), env: opts.env ?? process.env };
  const index = indexOptions(opts.extraOptions);
  const explicit = collectExplicit(raw, index, ctx);
  const values: OptionValues = new Map([...collectEnv(ctx.env, index, ctx, new Set(explicit.keys())), ...explicit]);
  const config = defaultConfig(parseLocator(opts.jobStore, ctx.cwd).locator, index);
  applyValues(config, values, index);
  return finishConfig(config, values);
}

/** The configuration with every default, as a fresh run with no options would get (environment ignored). */
export function getDefaultConfig(jobStore: string, cwd?: string): WorkflowConfig {
  return parseOptions({}, { jobStore, cwd, env: {} });
}

/** A config holding only defaults; `clean` stays unset until {@link finishConfig} sees `stats`. */
export function defaultConfig(locator: string, index: OptionIndex): WorkflowConfig {
  const config: Record<string, unknown> = {
    configVersion: 1,
    workflowId: '',
    workflowAttemptNumber: 0,
    jobStore: locator,
    extra: {},
  };
  const extra = config.extra as Record<string, unknown>;
  for (const spec of index.specs) {
    if (spec.implies || spec.default === undefined) continue;
    if (index.isCore(spec)) config[spec.target ?? spec.name] = structuredClone(spec.default);
    else extra[spec.name] = structuredClone(spec.default);
  }
  return config as unknown as WorkflowConfig;
}

/** Write converted values into their fields (backend options into `extra`). Undefined clears a field. */
export function applyValues(config: WorkflowConfig, values: OptionValues, index: OptionIndex): void {
  const fields = config as unknown as Record<string, unknown>;
  for (const [name, value] of values) {
    const spec = index.byName.get(name);
    if (!spec) continue;
    const target = index.isCore(spec) ? fields : config.extra;
    const key = index.isCore(spec) ? (spec.target ?? spec.name) : spec.name;
    if (value === undefined) delete target[key];
    else target[key] = value;
  }
}

/**
 * Rules that span options (Toil's setOptions): `--stats` keeps the job store, so it forces `--clean never` and an
 * explicit other `--clean` is a contradiction; otherwise `clean` defaults to onSuccess. `--writeLogs` and
 * `--writeLogsGzip` exclude each other, and `--writeLogsFromAllJobs` needs one of them. `--debugWorker` needs
 * single_machine.
 */
export function finishConfig(config: WorkflowConfig, given: OptionValues): WorkflowConfig {
  if (config.stats) {
    if (given.has('clean') && config.clean !== 'never') {
      throw new InvalidValueError(
        '--clean',
        config.clean,
        'Contradicting options: --stats needs the job store intact at the end of the run, so it cannot be deleted. Use --clean never, or drop --stats',
      );
    }
    config.clean = 'never';
  } else if (config.clean === undefined) {
    config.clean = 'onSuccess';
  }
  if (config.writeLogs !== undefined && config.writeLogsGzip !== undefined) {
    throw new InvalidValueError(
      '--writeLogsGzip',
      config.writeLogsGzip,
      'Contradicting options: --writeLogs and --writeLogsGzip cannot be used together; choose one',
    );
  }
  if (config.writeLogsFromAllJobs && config.writeLogs === undefined && config.writeLogsGzip === undefined) {
    throw new InvalidValueError(
      '--writeLogsFromAllJobs',
      true,
      'it needs --writeLogs or --writeLogsGzip to say where the logs go',
    );
  }
  // Toil's rule: only the local batch system can run a job inside the leader; elsewhere the flag would do nothing.
  if (config.debugWorker && config.batchSystem !== 'single_machine') {
    throw new InvalidValueError(
      '--batchSystem',
      config.batchSystem,
      "--debugWorker runs jobs inside the leader's process, which only single_machine does; drop --debugWorker, or use --batchSystem single_machine",
    );
  }
  checkAutoscaleConfig(config);
  return config;
}
