import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { BatchJobExitReason } from '@toil/core/backend';
import { describe, expect, it } from 'vitest';
import { parseAddJobOutput, parsePstat2, parseResults, statusFromWait } from './parasol-parse.js';

// Outputs written down from the Parasol client and hub (usage, `add job -verbose` receipt, pstat2 lines, the
// results file's jobResult columns): jobs of other users, queued and running jobs, exit codes and signals.
const fixture = (name: string) => readFileSync(join(import.meta.dirname, 'fixtures', name), 'utf8');

describe('parasol -verbose add job', () => {
  it('reads the job ID from the receipt', () => {
    expect(parseAddJobOutput(fixture('add-job.txt'))).toBe('3017');
  });

  it('refuses output without a receipt (the client exits 0 even when the hub did not take the job)', () => {
    expect(() => parseAddJobOutput('')).toThrow(
      /parasol add job printed no "your job <id> \(\.\.\.\) has been submitted" line: ""/,
    );
    expect(() => parseAddJobOutput(fixture('add-job-sick.txt'))).toThrow(/"sick batch\?: hub returned jobId==0"/);
  });
});

describe('parasol pstat2', () => {
  const statuses = parsePstat2(fixture('pstat2.txt'), 1795600400);

  it('reads running jobs with the time since they started, and queued jobs', () => {
    expect(statuses.get('3001')).toEqual({ phase: 'running', elapsed: 90 });
    expect(statuses.get('3002')).toEqual({ phase: 'running', elapsed: 50 });
    expect(statuses.get('3003')).toEqual({ phase: 'queued' });
    expect(statuses.get('3004')).toEqual({ phase: 'queued' });
  });

  it("lists other users' jobs too (the caller picks its own), and nothing from an empty hub", () => {
    expect(statuses.has('2999')).toBe(true);
    expect(parsePstat2('').size).toBe(0);
  });
});

describe('results file', () => {
  const ended = parseResults(fixture('results.txt'));

  it('reads wait statuses: 0 finished, exit code in the high byte, signals (and core dumps) in the low bits', () => {
    expect(ended.get('3005')).toEqual({
      phase: 'ended',
      exitStatus: 0,
      exitReason: BatchJobExitReason.FINISHED,
      wallTime: 8,
    });
    expect(ended.get('3006')).toEqual({
      phase: 'ended',
      exitStatus: 3,
      exitReason: BatchJobExitReason.FAILED,
      wallTime: 1,
    });
    expect(ended.get('3007')).toEqual({
      phase: 'ended',
      exitStatus: 137,
      exitReason: BatchJobExitReason.FAILED,
      wallTime: 37,
      detail: 'ended by signal 9',
    });
    expect(ended.get('3008')).toMatchObject({ exitStatus: 139, detail: 'ended by signal 11 (core dumped)' });
  });

  it('skips lines that are not results', () => {
    expect(parseResults('# comment\n\ngarbage line\n').size).toBe(0);
    expect(statusFromWait(256, undefined)).toMatchObject({ exitStatus: 1, exitReason: BatchJobExitReason.FAILED });
  });
});
