import { describe, expect, it } from 'vitest';
import yargs from 'yargs';
import { InvalidValueError } from '../errors.js';
import { parseOptions } from './parse.js';
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

/** A strict parser like `toil run`'s: the program's own option plus Toil's. Errors throw instead of exiting. */
function cli(argv: string[]) {
  const y = yargs(argv)
    .strict()
    .exitProcess(false)
    .fail((msg, err) => {
      throw err ?? new Error(msg);
    })
    .command('$0 <jobStore>', 'Run a workflow.', (c) =>
      c.positional('jobStore', { type: 'string', describe: 'The job store.' }),
    )
    .option('job', { type: 'string', describe: 'The job to run.' });
  return addToilOptions(y, parasol);
}

function run(argv: string[], env: NodeJS.ProcessEnv = {}) {
  const argvParsed = cli(argv).parseSync();
  const jobStore = String(argvParsed.jobStore);
  return parseOptions(argvParsed, { jobStore, cwd: '/home/me', env, extraOptions: parasol });
}

describe('yargs end to end', () => {
  it('parses a full command line into a config', () => {
    const config = run([
      './js',
      '--job',
      'main',
      '--defaultMemory',
      '512Mi',
      '--defaultCores',
      '0.5',
      '--retryCount',
      '0',
      '--maxCores',
      'unlimited',
      '--disableCaching',
      'false',
      '--defaultPreemptible',
      'true',
      '--logDebug',
      '--stats',
      '-e',
      'A=1',
      '--setEnv',
      'B=2',
      '--writeLogs',
      '--writeLogsFromAllJobs',
      '--batchSystem',
      'slurm',
      '--parasolCommand',
      '/opt/parasol',
      '--defaultAccelerators',
      'gpu,cuda:2',
    ]);
    expect(config).toMatchObject({
      jobStore: 'file:/home/me/js',
      defaultMemory: 536870912,
      defaultCores: 0.5,
      retryCount: 0,
      maxCores: Infinity,
      disableCaching: false,
      defaultPreemptible: true,
      logLevel: 'DEBUG',
      stats: true,
      clean: 'never',
      environment: { A: '1', B: '2' },
      writeLogs: '/home/me',
      writeLogsFromAllJobs: true,
      batchSystem: 'slurm',
      extra: { parasolCommand: '/opt/parasol' },
      defaultAccelerators: ['gpu', 'cuda:2'],
    });
  });

  it('gives defaults for everything not typed, and lets TOIL_ variables fill in', () => {
    const config = run(['js'], { TOIL_RETRYCOUNT: '3' });
    expect(config).toMatchObject({
      retryCount: 3,
      defaultMemory: 2147483648,
      clean: 'onSuccess',
      extra: { parasolCommand: 'parasol' },
    });
  });

  it("reads optional-value booleans bare, with Toil's words, and via the old spelling", () => {
    expect(run(['js', '--disableCaching']).disableCaching).toBe(true);
    expect(run(['js', '--disableCaching=no']).disableCaching).toBe(false);
    expect(run(['js', '--defaultPreemptable', 'yes']).defaultPreemptible).toBe(true);
    expect(run(['js', '--defaultPreemptible=false']).defaultPreemptible).toBe(false);
  });

  it('lets the last of a repeated option win, like argparse', () => {
    expect(run(['js', '--retryCount', '2', '--retryCount', '5']).retryCount).toBe(5);
  });

  it('quotes bad values as typed', () => {
    expect(() => run(['js', '--defaultMemory', '12 parsecs'])).toThrow(
      new InvalidValueError(
        '--defaultMemory',
        '12 parsecs',
        "use a number of bytes or a size like '512M', '2G', '1.5Gi' or '100KB'",
      ),
    );
    expect(() => run(['js', '--retryCount', 'x1'])).toThrow(
      'Invalid --retryCount "x1": use a whole number of at least 0',
    );
    expect(() => run(['js', '--logLevel', 'loud'])).toThrow('Invalid --logLevel "loud"');
    expect(() => run(['js', '--disableCaching', 'maybe'])).toThrow(
      'Invalid --disableCaching "maybe": use true or false',
    );
  });

  it('rejects unknown flags, missing values and wrong choices through yargs', () => {
    expect(() => run(['js', '--maxCore', '2'])).toThrow(/Unknown argument/);
    expect(() => run(['js', '--retryCount'])).toThrow(/Not enough arguments following: retryCount/);
    expect(() => run(['js', '--clean', 'sometimes'])).toThrow(/Invalid values/);
  });

  it('shows the options in Toil-style groups with Toil-style defaults in --help', async () => {
    const help = await cli(['js']).getHelp();
    for (const title of [
      'Toil core options:',
      'Toil logging options:',
      'Toil options for specifying the batch system:',
      'Toil options for restarting an existing workflow:',
      'Toil options for cores/memory requirements:',
      'Toil options for rescuing/killing/restarting jobs:',
      'Toil miscellaneous options:',
      'Toil debug options:',
    ]) {
      expect(help).toContain(title);
    }
    const flat = help.replace(/\s+/g, ' ');
    expect(flat).toContain('[default: 2.0 Gi]');
    expect(flat).toContain('[default: unlimited]');
    expect(flat).toContain('[default: 62.5 Ki]');
    expect(flat).toContain('[default: onSuccess, or never with --stats]');
    expect(flat).toContain('[default: single_machine]');
    expect(flat).toMatch(/-e, --setEnv/);
    expect(flat).toContain('--defaultPreemptable');
    expect(flat).toContain('--parasolCommand');
  });
});
