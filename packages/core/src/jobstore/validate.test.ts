import { describe, expect, it } from 'vitest';
import { parseJobDescription } from './validate.js';

const valid = {
  v: 1,
  id: 'job123',
  name: 'wf.square',
  displayName: 'square',
  args: [3],
  requirements: { cores: 1, memory: 2 ** 31, disk: 2 ** 31, accelerators: [], preemptible: false },
  done: true,
  successors: [['job456'], []],
  predecessorCount: 0,
  remainingTries: 2,
  promises: [{ path: ['a', 0], fileId: 'jobs/23/job123.files/fabc-promise' }],
  services: [{ hostId: 'job789' }],
};

const problem = (record: unknown, id = 'job123') => {
  const parsed = parseJobDescription(typeof record === 'string' ? record : JSON.stringify(record), id);
  return parsed.ok ? undefined : parsed.problem;
};

describe('parseJobDescription', () => {
  it('returns a valid record as it was stored, optional fields included', () => {
    const withOptional = {
      ...valid,
      checkpoint: { args: [3] },
      logFileId: 'files/ab/fx',
      filesToDelete: ['files/ab/fy'],
    };
    expect(parseJobDescription(JSON.stringify(withOptional), 'job123')).toEqual({ ok: true, job: withOptional });
  });

  it('names truncated, empty and non-JSON text', () => {
    expect(problem(JSON.stringify(valid).slice(0, 30))).toMatch(
      /^is not valid JSON \(.+\): a truncated or garbled job record$/,
    );
    expect(problem('')).toBe('is empty (a truncated job record)');
    expect(problem('garbage\nmore')).toBe(
      `is not valid JSON (Unexpected token 'g', "garbage more" is not valid JSON): a truncated or garbled job record`,
    );
    expect(problem('[1,2]')).toBe('is not a job record (it holds [1,2], not a JSON object)');
  });

  it('names the first missing or wrongly-typed field and quotes its value', () => {
    const { successors: _dropped, ...noSuccessors } = valid;
    expect(problem(noSuccessors)).toBe("has no 'successors' field");
    expect(problem({ ...valid, successors: 'job456' })).toBe(`has a wrongly-typed 'successors' field ("job456")`);
    expect(problem({ ...valid, successors: [[7]] })).toBe("has a wrongly-typed 'successors' field ([[7]])");
    expect(problem({ ...valid, done: 'yes' })).toBe(`has a wrongly-typed 'done' field ("yes")`);
    expect(problem({ ...valid, predecessorCount: -1 })).toBe("has a wrongly-typed 'predecessorCount' field (-1)");
    expect(problem({ ...valid, requirements: { cores: 1 } })).toBe(
      `has a wrongly-typed 'requirements' field ({"cores":1})`,
    );
    expect(problem({ ...valid, promises: [{ path: [], fileId: 5 }] })).toBe(
      `has a wrongly-typed 'promises' field ([{"path":[],"fileId":5}])`,
    );
    expect(problem({ ...valid, service: { startFlagId: 'a' } })).toBe(
      `has a wrongly-typed 'service' field ({"startFlagId":"a"})`,
    );
  });

  it('refuses a record stored under another ID, and one of another record version', () => {
    expect(problem(valid, 'job999')).toBe(`holds the job ID "job123" instead of 'job999'`);
    expect(problem({ ...valid, v: 2 })).toBe(
      'has record version 2; this Toil reads version 1 (a newer Toil wrote it, or it is garbled)',
    );
  });
});
