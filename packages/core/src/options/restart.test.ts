import { describe, expect, it } from 'vitest';
import yargs from 'yargs';
import type { WorkflowConfig } from './config.js';
import { parseOptions } from './parse.js';
import { mergeRestartOptions } from './restart.js';
import type { OptionSpec } from './spec.js';
import { addToilOptions } from './yargs.js';

const parasol: OptionSpec[] = [
  {
    name: 'parasolCommand',
    type: 'string',
    group: 'batch',
    default: 'parasol',
    help: 'The name or path of the parasol program.',
  },
];

function stored(raw: Record<string, unknown>): WorkflowConfig {
  const config = parseOptions(raw, {
    jobStore: '/data/js',
    cwd: '/home/me',
    env: { HOME: '/home/me' },
    extraOptions: parasol,
  });
  return { ...config, workflowId: 'wf-1', workflowAttemptNumber: 2 };
}
const argv = (args: string[]) => addToilOptions(yargs(args).strict().exitProcess(false), parasol).parseSync();
const merge = (s: WorkflowConfig, explicit: Record<string, unknown>) =>
  mergeRestartOptions(s, explicit, { cwd: '/elsewhere', env: {}, extraOptions: parasol });

describe('mergeRestartOptions', () => {
  it('keeps stored values for options not given, and the workflow identity', () => {
    const before = stored({ retryCount: 4, defaultMemory: '1G', batchSystem: 'slurm', maxCores: 8 });
    const after = merge(before, argv(['--restart']));
    expect(after).toEqual({ ...before, restart: true });
    expect([after.workflowId, after.workflowAttemptNumber, after.jobStore]).toEqual(['wf-1', 2, 'file:/data/js']);
  });

  it('lets options typed on the restart command line override the stored ones', () => {
    const before = stored({ retryCount: 4, defaultMemory: '1G', logLevel: 'ERROR' });
    const after = merge(
      before,
      argv(['--restart', '--retryCount', '0', '--logDebug', '--maxCores', '2', '--parasolCommand', 'p2']),
    );
    expect(after).toMatchObject({
      retryCount: 0,
      logLevel: 'DEBUG',
      maxCores: 2,
      defaultMemory: 1073741824,
      restart: true,
      extra: { parasolCommand: 'p2' },
    });
  });

  it('does not read TOIL_ variables, so a stored value is not silently replaced', () => {
    const before = stored({ retryCount: 4 });
    const after = mergeRestartOptions(before, argv(['--restart']), { env: { TOIL_RETRYCOUNT: '9' } });
    expect(after.retryCount).toBe(4);
  });

  it('adds --setEnv variables to the stored ones', () => {
    const before = stored({ setEnv: ['A=1', 'B=2'] });
    expect(merge(before, argv(['--restart', '-e', 'B=3', '-e', 'C=4'])).environment).toEqual({
      A: '1',
      B: '3',
      C: '4',
    });
  });

  it('switches between --writeLogs and --writeLogsGzip, resolving against the new directory', () => {
    const before = stored({ writeLogs: 'logs' });
    expect(before.writeLogs).toBe('/home/me/logs');
    const after = merge(before, { writeLogsGzip: true });
    expect([after.writeLogs, after.writeLogsGzip]).toEqual([undefined, '/elsewhere']);
  });

  it('applies the --stats/--clean rule to the merged result', () => {
    expect(merge(stored({}), { stats: true }).clean).toBe('never');
    expect(() => merge(stored({ stats: true }), argv(['--clean', 'always']))).toThrow(
      /^Invalid --clean "always": Contradicting options/,
    );
    expect(merge(stored({ clean: 'always' }), argv(['--logInfo'])).clean).toBe('always');
  });

  it('validates explicit values like parseOptions does', () => {
    expect(() => merge(stored({}), { retryCount: 'x' })).toThrow(
      'Invalid --retryCount "x": use a whole number of at least 0',
    );
    expect(() => merge(stored({}), { retyCount: 1 })).toThrow('did you mean retryCount?');
  });

  it('fills fields missing from an older stored config with defaults', () => {
    const old = stored({}) as unknown as Record<string, unknown>;
    delete old.rotatingLogging;
    expect(merge(old as unknown as WorkflowConfig, {}).rotatingLogging).toBe(false);
  });
});
