import { describe, expect, it } from 'vitest';
import { FileID, Rv } from '@toil/core';
import type { JobDescription } from '@toil/core/backend';
import { createdJobsLine, returnValueJson } from './describe-run.js';

const square = { id: 'jobsq', displayName: 'square' } as JobDescription;
const sum = { id: 'jobsum', displayName: 'sum' } as JobDescription;
const created = new Map([
  ['jobsq', square],
  ['jobsum', sum],
]);

describe('debug-job output', () => {
  it('shows the return value as codec JSON, with promises named by job', () => {
    expect(returnValueJson(14, created)).toBe('14');
    expect(returnValueJson(undefined, created)).toBe('null');
    expect(returnValueJson(new Rv('jobsum', [], 'sum'), created)).toBe(`{"$promiseOf":"'sum' jobsum","path":[]}`);
    expect(
      JSON.parse(
        returnValueJson(
          { file: new FileID('files/ab/f1', 3, false), parts: [new Rv('jobsq', ['a', 0], 'square')] },
          created,
        ),
      ),
    ).toEqual({
      file: { $t: 'FileID', id: 'files/ab/f1', size: 3, exec: false },
      parts: [{ $promiseOf: "'square' jobsq", path: ['a', 0] }],
    });
  });

  it('names the added jobs by relation', () => {
    const committed = { successors: [['jobsq'], ['jobsum']], services: [] } as unknown as JobDescription;
    expect(createdJobsLine(created, committed)).toBe(
      "It added 2 job(s): child 'square' jobsq, follow-on 'sum' jobsum.",
    );
    expect(createdJobsLine(new Map(), undefined)).toBe('It added no jobs.');
    expect(createdJobsLine(new Map([['jobsq', square]]), undefined)).toBe(
      "It added 1 job(s): descendant 'square' jobsq.",
    );
  });
});
