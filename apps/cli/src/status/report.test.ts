import { describe, expect, it } from 'vitest';
import type { JobDescription } from '@toil/core/backend';
import { classify, countJobs } from './collect.js';
import { statusDot } from './dot.js';
import { childrenLines, failedLine, perJobLines, summaryLine } from './report.js';

const base = {
  v: 1,
  args: [],
  requirements: {},
  done: false,
  successors: [],
  predecessorCount: 0,
  remainingTries: 2,
  promises: [],
  services: [],
};
const root = {
  ...base,
  id: 'jobroot',
  name: 'fanout',
  displayName: 'fanout',
  done: true,
  successors: [['jobkid'], ['jobsum']],
} as unknown as JobDescription;
const kid = {
  ...base,
  id: 'jobkid',
  name: 'square',
  displayName: 'square "x"',
  remainingTries: 0,
  logFileId: 'jobs/id/f.log',
} as unknown as JobDescription;
const sum = { ...base, id: 'jobsum', name: 'sum', displayName: 'sum' } as unknown as JobDescription;
const reports = [root, kid, sum].map((d) => classify(d, () => true));

describe('status report text', () => {
  it("uses Toil's summary sentence, and the older 'totally failed jobs' wording for failures", () => {
    expect(summaryLine(countJobs(reports), 'file:/js')).toBe(
      'Of the 3 jobs considered, there are 1 jobs with children, 2 jobs ready to run, 0 zombie jobs, 0 jobs with services, 0 services, and 1 jobs with log files currently in file:/js.',
    );
    expect(failedLine(reports)).toBe(
      `There are 1 totally failed jobs (no tries left): 'square "x"' jobkid. 'toil status --printLogs' shows their logs; fix the cause and run the workflow again with --restart.`,
    );
    expect(failedLine(reports.slice(0, 1))).toBeUndefined();
  });

  it("prints Toil's per-job tags and children with their precedence", () => {
    expect(perJobLines(reports)[1]).toBe(
      `JOB:'square "x"' jobkid\tLOG_FILE:jobs/id/f.log\tTRYS_REMAINING:0\tCHILD_NUMBER:0\tREADY_TO_RUN:True\tIS_ZOMBIE:False\tHAS_SERVICES:False\tIS_SERVICE:False\tFAILED:True`,
    );
    const byId = new Map([root, kid, sum].map((d) => [d.id, d]));
    expect(childrenLines(reports, byId)[0]).toBe(
      `CHILDREN_OF_JOB:'fanout' jobroot \t(CHILD_JOB:'square "x"' jobkid,PRECEDENCE:0)\t(CHILD_JOB:'sum' jobsum,PRECEDENCE:1)`,
    );
  });

  it('draws the remaining graph in DOT with escaped labels, batch numbers and failed jobs in red', () => {
    const dot = statusDot(reports, 'file:/js');
    expect(dot).toContain('// This graph was created from job-store: file:/js\ndigraph "toil_graph" {');
    expect(dot).toContain('"jobkid" [\n    label = "square \\"x\\" jobkid";\n    color = "red";\n  ];');
    expect(dot).toContain('"jobroot" -> "jobkid" [\n    label = "0";\n  ];');
    expect(dot).toContain('"jobroot" -> "jobsum" [\n    label = "1";\n  ];');
    expect(statusDot(reports.slice(0, 1), 'file:/js')).not.toContain('->');
  });
});
