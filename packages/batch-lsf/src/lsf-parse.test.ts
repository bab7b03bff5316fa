import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { BatchJobExitReason, EXIT_STATUS_UNAVAILABLE } from '@toil/core/backend';
import { describe, expect, it } from 'vitest';
import { parseBjobsJson, parseBsubOutput } from './lsf-parse.js';
import { parseRunTime } from './lsf-states.js';

// Outputs written down from the LSF 10.1 manuals (bsub, bjobs -o/-json/-hms, termination reasons), covering every
// job state bjobs shows and the termination reasons that change what Toil does.
const fixture = (name: string) => readFileSync(join(import.meta.dirname, 'fixtures', name), 'utf8');
const statuses = (name: string) => new Map(parseBjobsJson(fixture(name)).map((row) => [row.id, row.status]));

describe('bsub output', () => {
  it('reads the job ID, with or without "default", after warnings', () => {
    expect(parseBsubOutput(fixture('bsub.txt'))).toBe('1234');
    expect(parseBsubOutput(fixture('bsub-default-queue.txt'))).toBe('1235');
    expect(parseBsubOutput(fixture('bsub-warning.txt'))).toBe('1236');
  });

  it('refuses output without a submission line, quoting it', () => {
    expect(() => parseBsubOutput(fixture('bsub-bad-resource.txt'))).toThrow(
      /bsub printed no "Job <id> is submitted.*Bad resource requirement syntax/,
    );
    expect(() => parseBsubOutput('')).toThrow(/bsub printed no/);
  });
});

describe('bjobs -o "jobid stat exit_code exit_reason run_time pend_reason" -json', () => {
  const rows = statuses('bjobs.json');

  it('counts PEND and PSUSP as queued, with the pending reason', () => {
    expect(rows.get('2201')).toEqual({ phase: 'queued', reason: 'New job is waiting for scheduling' });
    expect(rows.get('2202')).toEqual({ phase: 'queued', reason: 'The job was suspended by the user while pending' });
  });

  it('counts RUN, USUSP, SSUSP and UNKWN as running, with the run time', () => {
    expect(rows.get('2203')).toEqual({ phase: 'running', elapsed: 75 });
    expect(rows.get('2204')).toEqual({ phase: 'running', elapsed: 12 });
    expect(rows.get('2205')).toEqual({ phase: 'running', elapsed: 30 });
    expect(rows.get('2211')).toEqual({ phase: 'running', elapsed: 600 });
  });

  it('reads DONE as finished (its EXIT_CODE is empty) and EXIT with its exit code as failed', () => {
    expect(rows.get('2206')).toEqual({
      phase: 'ended',
      exitStatus: 0,
      exitReason: BatchJobExitReason.FINISHED,
      wallTime: 4,
    });
    expect(rows.get('2207')).toEqual({
      phase: 'ended',
      exitStatus: 3,
      exitReason: BatchJobExitReason.FAILED,
      wallTime: 2,
      detail: undefined,
    });
  });

  it('reads TERM_MEMLIMIT as MEMLIMIT (what --doubleMem acts on)', () => {
    expect(rows.get('2208')).toEqual({
      phase: 'ended',
      exitStatus: 130,
      exitReason: BatchJobExitReason.MEMLIMIT,
      wallTime: 41,
      detail: 'TERM_MEMLIMIT: job killed after reaching LSF memory usage limit',
    });
  });

  it('reads run limits and kills as KILLED, preemption and ZOMBI as LOST, never as success', () => {
    expect(rows.get('2209')).toMatchObject({ exitStatus: 140, exitReason: BatchJobExitReason.KILLED });
    expect(rows.get('2210')).toMatchObject({
      exitStatus: EXIT_STATUS_UNAVAILABLE,
      exitReason: BatchJobExitReason.KILLED,
      detail: 'TERM_OWNER: job killed by owner',
    });
    expect(rows.get('2213')).toMatchObject({ exitStatus: 143, exitReason: BatchJobExitReason.LOST });
    expect(rows.get('2212')).toMatchObject({
      exitStatus: EXIT_STATUS_UNAVAILABLE,
      exitReason: BatchJobExitReason.LOST,
      detail: expect.stringContaining('ZOMBI'),
    });
  });

  it('leaves jobs bjobs does not know out, keeping its error', () => {
    expect(rows.has('2299')).toBe(true);
    expect(rows.get('2299')).toBeUndefined();
    expect(parseBjobsJson(fixture('bjobs-none-found.json')).map((row) => row.error)).toEqual([
      'Job <4001> is not found',
      'Job <4002> is not found',
    ]);
  });

  it('reads -hms run times too', () => {
    const hms = statuses('bjobs-hms.json');
    expect(hms.get('3101')).toEqual({ phase: 'running', elapsed: 3723 });
    expect(hms.get('3102')).toMatchObject({ exitStatus: 0, exitReason: BatchJobExitReason.FINISHED, wallTime: 7 });
    expect(parseRunTime('')).toBeUndefined();
    expect(parseRunTime('soon')).toBeUndefined();
  });

  it('refuses output that is not bjobs JSON, quoting it', () => {
    expect(() => parseBjobsJson('JOBID   USER    STAT\n2201    me      PEND\n')).toThrow(
      /bjobs -json printed something that is not JSON: "JOBID/,
    );
    expect(() => parseBjobsJson('{"COMMAND":"bjobs"}')).toThrow(/no RECORDS list/);
  });
});
