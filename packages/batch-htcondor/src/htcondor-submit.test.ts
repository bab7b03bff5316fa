import { describe, expect, it } from 'vitest';
import { parseParams, submitDescription } from './htcondor-submit.js';

describe('TOIL_HTCONDOR_PARAMS', () => {
  it('splits `key = value` pairs on `;`, keeping spaces and = inside values', () => {
    expect(parseParams('requirements = TARGET.has_sse4_2 == true; accounting_group = test;+ProjectName="x y"')).toEqual(
      [
        ['requirements', 'TARGET.has_sse4_2 == true'],
        ['accounting_group', 'test'],
        ['+ProjectName', '"x y"'],
      ],
    );
    expect(parseParams(undefined)).toEqual([]);
    expect(parseParams(' ; ')).toEqual([]);
  });

  it('refuses entries that are not pairs, and commands Toil writes, in one line quoting the value', () => {
    expect(() => parseParams('requirements TARGET.x')).toThrow(
      /^Invalid TOIL_HTCONDOR_PARAMS "requirements TARGET.x".*'requirements TARGET.x' is not a 'key = value' pair/,
    );
    expect(() => parseParams('accounting_group =')).toThrow(/is not a 'key = value' pair/);
    expect(() => parseParams('request_memory = 100')).toThrow(/remove 'request_memory': Toil sets it/);
  });
});

describe('submit description', () => {
  it('writes one vanilla job with its files, event log, requests and extra commands, then queue 1', () => {
    const text = submitDescription({
      executable: '/w/htcondor/toil_job_3.sh',
      output: '/w/toil_job_3_batch_htcondor_$(Cluster)_std_output.log',
      error: '/w/toil_job_3_batch_htcondor_$(Cluster)_std_error.log',
      log: '/w/toil_job_3_batch_htcondor_$(Cluster)_job_events.log',
      batchName: 'toil_job_3_align',
      cpus: 2,
      memoryMiB: 1024,
      diskKiB: 2048,
      gpus: 1,
      params: [['accounting_group', 'test']],
    });
    expect(text).toBe(
      [
        'universe = vanilla',
        'executable = /w/htcondor/toil_job_3.sh',
        'output = /w/toil_job_3_batch_htcondor_$(Cluster)_std_output.log',
        'error = /w/toil_job_3_batch_htcondor_$(Cluster)_std_error.log',
        'log = /w/toil_job_3_batch_htcondor_$(Cluster)_job_events.log',
        'batch_name = toil_job_3_align',
        'request_cpus = 2',
        'request_memory = 1024',
        'request_disk = 2048',
        'request_gpus = 1',
        'accounting_group = test',
        'queue 1',
        '',
      ].join('\n'),
    );
  });
});
