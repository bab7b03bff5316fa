import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { BatchJobExitReason, EXIT_STATUS_UNAVAILABLE } from '@toil/core/backend';
import { describe, expect, it } from 'vitest';
import { parseQstatFull, parseQsubOutput, parseTracejob, sequenceNumber } from './torque-parse.js';

// Outputs written down from the Torque manuals (qsub, qstat -f, tracejob, job exit status codes), covering every
// job state qstat shows and the exit statuses pbs_mom sets itself.
const fixture = (name: string) => readFileSync(join(import.meta.dirname, 'fixtures', name), 'utf8');
const statuses = new Map(parseQstatFull(fixture('qstat-f.txt')).map((job) => [sequenceNumber(job.id), job.status]));

describe('qsub output', () => {
  it('reads the job ID qsub prints alone on a line', () => {
    expect(parseQsubOutput(fixture('qsub.txt'))).toBe('5101.torque.example.org');
    expect(parseQsubOutput('42\n')).toBe('42');
  });

  it('refuses output without a job ID, quoting it', () => {
    expect(() => parseQsubOutput(fixture('qsub-unknown-queue.txt'))).toThrow(
      /qsub printed no job ID \(like 123\.server\): "qsub: Unknown queue/,
    );
  });
});

describe('qstat -f -1', () => {
  it('reads Q, H, W as queued, with the scheduler comment or what the state means', () => {
    expect(statuses.get('5101')).toEqual({
      phase: 'queued',
      reason: 'Not enough of the right type of nodes are available',
    });
    expect(statuses.get('5110')).toEqual({ phase: 'queued', reason: 'held' });
    expect(statuses.get('5111')).toEqual({ phase: 'queued', reason: 'waiting for its execution time' });
  });

  it('reads R, E and S as running, with resources_used.walltime', () => {
    expect(statuses.get('5102')).toEqual({ phase: 'running', elapsed: 75 });
    expect(statuses.get('5109')).toEqual({ phase: 'running', elapsed: 9 });
    expect(statuses.get('5112')).toEqual({ phase: 'running', elapsed: 600 });
  });

  it("reads C with exit_status: 0 finished, a job's own code failed, 128+ from the shell failed", () => {
    expect(statuses.get('5103')).toEqual({
      phase: 'ended',
      exitStatus: 0,
      exitReason: BatchJobExitReason.FINISHED,
      wallTime: 4,
    });
    expect(statuses.get('5104')).toEqual({
      phase: 'ended',
      exitStatus: 3,
      exitReason: BatchJobExitReason.FAILED,
      wallTime: 2,
    });
    expect(statuses.get('5113')).toEqual({
      phase: 'ended',
      exitStatus: 139,
      exitReason: BatchJobExitReason.FAILED,
      wallTime: 5,
    });
  });

  it("reads Torque's own exit statuses: -10 memory limit, -11 walltime, 256+signal killed, -1 never ran", () => {
    expect(statuses.get('5105')).toMatchObject({
      exitStatus: EXIT_STATUS_UNAVAILABLE,
      exitReason: BatchJobExitReason.MEMLIMIT,
      wallTime: 200,
      detail: expect.stringContaining('memory limit'),
    });
    expect(statuses.get('5106')).toMatchObject({
      exitStatus: EXIT_STATUS_UNAVAILABLE,
      exitReason: BatchJobExitReason.KILLED,
      detail: expect.stringContaining('walltime'),
    });
    expect(statuses.get('5107')).toMatchObject({
      exitStatus: 143,
      exitReason: BatchJobExitReason.KILLED,
      detail: 'killed by signal 15',
    });
    expect(statuses.get('5108')).toMatchObject({
      exitStatus: EXIT_STATUS_UNAVAILABLE,
      exitReason: BatchJobExitReason.ERROR,
      detail: expect.stringContaining("cannot find user 'alice'"),
    });
  });

  it('keeps whole values, including ones with = and commas', () => {
    const running = parseQstatFull(fixture('qstat-f.txt')).find((job) => job.id === '5102.torque.example.org');
    expect(running?.attributes.get('Variable_List')).toMatch(/^PBS_O_QUEUE=batch,.*PBS_O_WORKDIR=\/home\/alice$/);
  });

  it('joins values qstat folded (without -1)', () => {
    const [job] = parseQstatFull(
      'Job Id: 7.s\n    job_state = C\n    exit_status = 0\n    comment = first part\n\tand the rest\n',
    );
    expect(job.attributes.get('comment')).toBe('first partand the rest');
    expect(job.status?.phase).toBe('ended');
  });

  it('finds nothing in an empty answer or an error', () => {
    expect(parseQstatFull('')).toEqual([]);
    expect(parseQstatFull(fixture('qstat-unknown.txt'))).toEqual([]);
  });
});

describe('tracejob', () => {
  it('reads the exit status and walltime of a job the server has forgotten', () => {
    expect(parseTracejob(fixture('tracejob.txt'))).toEqual({
      phase: 'ended',
      exitStatus: 2,
      exitReason: BatchJobExitReason.FAILED,
      wallTime: 12,
    });
    expect(
      parseTracejob('\nJob: 1.s\n\n11/24/2026 10:05:00  S    enqueuing into batch, state 1 hop 1\n'),
    ).toBeUndefined();
  });
});
