import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { InvalidLocatorError, InvalidValueError } from '../errors.js';
import { parseOptions, type ParseOptionsContext } from './parse.js';
import type { OptionSpec } from './spec.js';

const base: ParseOptionsContext = { jobStore: './js', cwd: '/home/me', env: {} };
const parse = (raw: Record<string, unknown>, more: Partial<ParseOptionsContext> = {}) =>
  parseOptions(raw, { ...base, ...more });
const errorOf = (fn: () => unknown): Error => {
  try {
    fn();
  } catch (err) {
    return err as Error;
  }
  throw new Error('no error thrown');
};

const parasol: OptionSpec[] = [
  {
    name: 'parasolCommand',
    type: 'string',
    group: 'batch',
    default: 'parasol',
    help: 'The name or path of the parasol program.',
  },
  {
    name: 'parasolMaxBatches',
    type: 'number',
    integer: true,
    min: 1,
    group: 'batch',
    default: 1000,
    help: 'Maximum number of job batches.',
  },
];

describe('parseOptions, object form', () => {
  it('reads typed and text values from an embedding program', () => {
    const config = parse({
      maxCores: 2,
      defaultMemory: '1G',
      defaultDisk: 1000,
      stats: 'yes',
      logLevel: 'warn',
      defaultPreemptable: true,
    });
    expect(config).toMatchObject({
      maxCores: 2,
      defaultMemory: 1073741824,
      defaultDisk: 1000,
      stats: true,
      clean: 'never',
      logLevel: 'WARNING',
      defaultPreemptible: true,
    });
    expect(config.jobStore).toBe('file:/home/me/js');
    expect([config.workflowId, config.workflowAttemptNumber]).toEqual(['', 0]);
  });

  it('rejects unknown keys and names the nearest options', () => {
    const err = errorOf(() => parse({ maxCore: 2 }));
    expect(err).toBeInstanceOf(InvalidValueError);
    expect(err.message).toBe('Invalid option "maxCore": it is not a Toil option; did you mean maxCores?');
    expect(errorOf(() => parse({ memory: '1G' })).message).toContain('did you mean defaultMemory, maxMemory?');
    expect(errorOf(() => parse({ retrycount: 2 })).message).toContain('did you mean retryCount?');
    expect(errorOf(() => parse({ frobnicate: 1 })).message).toBe(
      `Invalid option "frobnicate": it is not a Toil option; see 'toil run --help' for the options`,
    );
  });

  it('reports a bad value with the option and the value quoted', () => {
    expect(errorOf(() => parse({ defaultMemory: '12 parsecs' })).message).toBe(
      `Invalid --defaultMemory "12 parsecs": use a number of bytes or a size like '512M', '2G', '1.5Gi' or '100KB'`,
    );
    expect(errorOf(() => parse({ retryCount: -1 })).message).toBe(
      'Invalid --retryCount -1: use a whole number of at least 0',
    );
    expect(errorOf(() => parse({}, { jobStore: 'file:' }))).toBeInstanceOf(InvalidLocatorError);
  });

  it('resolves log shorthands and refuses contradicting ones', () => {
    expect(parse({ logDebug: true }).logLevel).toBe('DEBUG');
    expect(parse({ logOff: true, logLevel: 'off' }).logLevel).toBe('OFF');
    expect(errorOf(() => parse({ logDebug: true, logLevel: 'INFO' })).message).toContain(
      'Contradicting options: --logDebug already sets logLevel to "DEBUG"',
    );
  });

  it('puts registered backend options in extra, with their defaults', () => {
    expect(parse({}, { extraOptions: parasol }).extra).toEqual({ parasolCommand: 'parasol', parasolMaxBatches: 1000 });
    expect(parse({ parasolMaxBatches: '5' }, { extraOptions: parasol }).extra.parasolMaxBatches).toBe(5);
    expect(errorOf(() => parse({ parasolCommand: 'x' })).message).toContain('it is not a Toil option');
  });
});

describe('environment variables', () => {
  it('read TOIL_<UPPER-CASED NAME>, under explicit options', () => {
    const env = {
      TOIL_RETRYCOUNT: '3',
      TOIL_BATCHSYSTEM: 'slurm',
      TOIL_DEFAULTMEMORY: '4G',
      TOIL_STATS: 'true',
      TOIL_DEFAULTACCELERATORS: 'gpu,cuda:2',
    };
    const config = parse({ batchSystem: 'lsf' }, { env });
    expect(config).toMatchObject({
      retryCount: 3,
      batchSystem: 'lsf',
      defaultMemory: 4 * 1024 ** 3,
      stats: true,
      clean: 'never',
      defaultAccelerators: ['gpu', 'cuda:2'],
    });
  });

  it('name the variable when its value is bad, unless an explicit option overrides it', () => {
    expect(errorOf(() => parse({}, { env: { TOIL_RETRYCOUNT: 'lots' } })).message).toBe(
      'Invalid TOIL_RETRYCOUNT "lots": use a whole number of at least 0',
    );
    expect(parse({ retryCount: 2 }, { env: { TOIL_RETRYCOUNT: 'lots' } }).retryCount).toBe(2);
  });

  it('leave TOIL_WORKDIR alone (it is per machine) and let explicit log shorthands beat TOIL_LOGLEVEL', () => {
    expect(parse({}, { env: { TOIL_WORKDIR: '/nonexistent', TOIL_LOGLEVEL: 'debug' } })).toMatchObject({
      logLevel: 'DEBUG',
    });
    expect(parse({}, { env: { TOIL_WORKDIR: '/nonexistent' } }).workDir).toBeUndefined();
    expect(parse({ logError: true }, { env: { TOIL_LOGLEVEL: 'debug' } }).logLevel).toBe('ERROR');
  });
});

describe('cross-option rules', () => {
  it('--stats keeps the job store: clean defaults to never, and an explicit other clean contradicts it', () => {
    expect(parse({}).clean).toBe('onSuccess');
    expect(parse({ stats: true }).clean).toBe('never');
    expect(parse({ stats: true, clean: 'never' }).clean).toBe('never');
    expect(parse({ clean: 'always' }).clean).toBe('always');
    const err = errorOf(() => parse({ stats: true, clean: 'always' }));
    expect(err).toBeInstanceOf(InvalidValueError);
    expect(err.message).toMatch(/^Invalid --clean "always": Contradicting options: --stats needs the job store/);
  });

  it('--writeLogs and --writeLogsGzip exclude each other; --writeLogsFromAllJobs needs one', () => {
    expect(parse({ writeLogs: '', writeLogsFromAllJobs: true }).writeLogs).toBe('/home/me');
    expect(parse({ writeLogsGzip: 'logs' }).writeLogsGzip).toBe('/home/me/logs');
    expect(errorOf(() => parse({ writeLogs: 'a', writeLogsGzip: 'b' })).message).toContain(
      '--writeLogs and --writeLogsGzip cannot be used together',
    );
    expect(errorOf(() => parse({ writeLogsFromAllJobs: true })).message).toBe(
      'Invalid --writeLogsFromAllJobs true: it needs --writeLogs or --writeLogsGzip to say where the logs go',
    );
  });

  it('--debugWorker runs jobs in the leader, so it needs single_machine', () => {
    expect(parse({ debugWorker: true }).debugWorker).toBe(true);
    expect(errorOf(() => parse({ debugWorker: true, batchSystem: 'slurm' })).message).toBe(
      `Invalid --batchSystem "slurm": --debugWorker runs jobs inside the leader's process, which only single_machine does; drop --debugWorker, or use --batchSystem single_machine`,
    );
  });
});

describe('--setEnv', () => {
  it('takes NAME=VALUE, copies a bare NAME from the environment, and fills config.environment', () => {
    const env = { HOME: '/home/me' };
    expect(parse({ setEnv: ['A=1', 'B=x=y', 'HOME', 'A=2', 'EMPTY='] }, { env }).environment).toEqual({
      A: '2',
      B: 'x=y',
      HOME: '/home/me',
      EMPTY: '',
    });
    expect(parse({ e: 'A=1' }).environment).toEqual({ A: '1' });
    expect(parse({ environment: { A: '1' } }).environment).toEqual({ A: '1' });
  });

  it('rejects an empty name or an unset bare NAME', () => {
    expect(errorOf(() => parse({ setEnv: ['=1'] })).message).toBe(
      'Invalid --setEnv "=1": the variable name is empty; use NAME=VALUE',
    );
    expect(errorOf(() => parse({ setEnv: ['NOPE'] })).message).toBe(
      'Invalid --setEnv "NOPE": NOPE is not set in this environment; use NOPE=VALUE to give its value',
    );
  });
});

describe('--workDir', () => {
  const dir = mkdtempSync(join(tmpdir(), 'toil-options-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('must be an existing directory, made absolute', () => {
    expect(parse({ workDir: '.' }, { cwd: dir }).workDir).toBe(dir);
    expect(errorOf(() => parse({ workDir: join(dir, 'missing') })).message).toBe(
      `Invalid --workDir "${join(dir, 'missing')}": the directory does not exist; create it first, or leave --workDir out to use the system temp dir`,
    );
  });
});
