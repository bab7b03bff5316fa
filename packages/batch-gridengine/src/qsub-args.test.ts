import { describe, expect, it } from 'vitest';
import type { GridSubmission } from '@toil/batch-grid';
import { qsubArgv, qsubSettings } from './qsub-args.js';
import { gridEngineEnv } from './sge-env.js';
import { parseLocalTime, qacctTime } from './sge-time.js';
import { localMs } from './test-fixtures.js';

const MIB = 1024 * 1024;
const submission = (cores: number, memory: number, wallTimeSeconds?: number): GridSubmission => ({
  batchJobId: 4,
  spec: {
    jobStoreId: 'j',
    displayName: 'd',
    requirements: { cores, memory, disk: MIB, accelerators: [], preemptible: false },
    workerCommand: ['node', 'w.js'],
    env: {},
  },
  jobName: 'toil_job_4_d',
  script: '#!/bin/sh\nexec node w.js\n',
  stdout: '/wd/toil_job_4_batch_grid_engine_$JOB_ID_std_output.log',
  stderr: '/wd/toil_job_4_batch_grid_engine_$JOB_ID_std_error.log',
  wallTimeSeconds,
});

describe('qsubArgv', () => {
  it('names the job, sets its output files, exports the environment and asks for its memory as mem_free', () => {
    expect(qsubArgv(submission(1, 200 * MIB), { extraArgs: [] })).toEqual([
      'qsub',
      '-terse',
      '-N',
      'toil_job_4_d',
      '-o',
      '/wd/toil_job_4_batch_grid_engine_$JOB_ID_std_output.log',
      '-e',
      '/wd/toil_job_4_batch_grid_engine_$JOB_ID_std_error.log',
      '-V',
      '-cwd',
      '-S',
      '/bin/sh',
      '-l',
      'mem_free=200M',
    ]);
  });

  it('asks a multi-core job for its slots from the parallel environment, rounding fractions up; one core needs none', () => {
    expect(qsubArgv(submission(1.5, MIB), { extraArgs: [], pe: 'smp' }).slice(-3)).toEqual(['-pe', 'smp', '2']);
    expect(qsubArgv(submission(1, MIB), { extraArgs: [], pe: 'smp' })).not.toContain('-pe');
  });

  it('adds h_rt for a wall-time limit, and TOIL_GRIDENGINE_ARGS last', () => {
    const argv = qsubArgv(submission(1, 1.5 * MIB, 90.2), { extraArgs: ['-q', 'batch.q'] });
    expect(argv.slice(-4)).toEqual(['-l', 'mem_free=2M,h_rt=91', '-q', 'batch.q']);
  });
});

describe('qsubSettings', () => {
  it('splits TOIL_GRIDENGINE_ARGS like a shell and reads TOIL_GRIDENGINE_PE', () => {
    expect(
      qsubSettings({
        TOIL_GRIDENGINE_ARGS: `-q batch.q -l 'h_vmem=4G,gpu=1' -P "my project"`,
        TOIL_GRIDENGINE_PE: ' smp ',
      }),
    ).toEqual({
      extraArgs: ['-q', 'batch.q', '-l', 'h_vmem=4G,gpu=1', '-P', 'my project'],
      pe: 'smp',
    });
    expect(qsubSettings({})).toEqual({ extraArgs: [], pe: undefined });
  });

  it('refuses options Toil sets itself, naming them and saying why', () => {
    expect(() => qsubSettings({ TOIL_GRIDENGINE_ARGS: '-q x -pe smp 4' })).toThrow(
      `Invalid TOIL_GRIDENGINE_ARGS "-q x -pe smp 4": remove '-pe': multi-core jobs get their slots from TOIL_GRIDENGINE_PE`,
    );
    expect(() => qsubSettings({ TOIL_GRIDENGINE_ARGS: '-N myname' })).toThrow(/remove '-N': Toil names each job/);
    expect(() => qsubSettings({ TOIL_GRIDENGINE_ARGS: '-b y' })).toThrow(/remove '-b': Toil submits a script on stdin/);
    expect(() => qsubSettings({ TOIL_GRIDENGINE_ARGS: '-l h_rt=10,mem_free=1G' })).toThrow(
      /remove 'h_rt=10,mem_free=1G': Toil requests mem_free/,
    );
    expect(() => qsubSettings({ TOIL_GRIDENGINE_ARGS: '-l mf=1G' })).toThrow(/remove 'mf=1G'/);
    expect(() => qsubSettings({ TOIL_GRIDENGINE_ARGS: '-q x; rm -rf /' })).toThrow(/shell operators/);
  });

  it('refuses a TOIL_GRIDENGINE_PE that is more than a name', () => {
    expect(() => qsubSettings({ TOIL_GRIDENGINE_PE: 'smp 4' })).toThrow(
      `Invalid TOIL_GRIDENGINE_PE "smp 4": give just the parallel environment's name, e.g. smp (Toil adds the slot count); qconf -spl lists them`,
    );
  });
});

describe('gridEngineEnv', () => {
  it('passes the SGE_* variables that are set', () => {
    const env = { SGE_ROOT: '/opt/sge', SGE_CELL: 'c1', SGE_QMASTER_PORT: '6444', PATH: '/bin' };
    expect(gridEngineEnv(env, () => false)).toEqual({ SGE_ROOT: '/opt/sge', SGE_CELL: 'c1', SGE_QMASTER_PORT: '6444' });
  });

  it("falls back to Debian's SGE_ROOT only when that directory exists", () => {
    expect(gridEngineEnv({}, (path) => path === '/var/lib/gridengine')).toEqual({ SGE_ROOT: '/var/lib/gridengine' });
    expect(gridEngineEnv({}, () => false)).toEqual({});
  });
});

describe('GridEngine times', () => {
  it('reads the formats qstat -xml, SGE 8.1 qacct and UGE print, in local time', () => {
    const ms = localMs(2026, 11, 5, 6, 7, 8);
    expect(parseLocalTime('2026-11-05T06:07:08')).toBe(ms);
    expect(parseLocalTime('Thu Nov  5 06:07:08 2026')).toBe(ms);
    expect(parseLocalTime('11/05/2026 06:07:08.250')).toBe(ms + 250);
    expect(parseLocalTime('-/-')).toBeUndefined();
    expect(parseLocalTime('2026-02-30T00:00:00')).toBeUndefined();
  });

  it('writes the CCYYMMDDhhmm.SS form qacct -b takes', () => {
    expect(qacctTime(localMs(2026, 1, 2, 3, 4, 5))).toBe('202601020304.05');
  });
});
