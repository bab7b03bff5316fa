import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { BatchJobExitReason, EXIT_STATUS_UNAVAILABLE } from '@toil/core/backend';
import { describe, expect, it } from 'vitest';
import { parseSacct, parseScontrol, parseSqueue } from './slurm-parse.js';
import { parseExitCode } from './slurm-states.js';
import { jobcompLocation } from './jobcomp.js';

// Outputs captured from Slurm 22.05 on this machine, plus states from the squeue(1)/sacct(1) manuals that a
// one-node test cluster cannot produce (TIMEOUT, NODE_FAIL, OUT_OF_MEMORY, PREEMPTED, BOOT_FAIL, DEADLINE).
const fixture = (name: string) => readFileSync(join(import.meta.dirname, 'fixtures', name), 'utf8');
const byId = <T extends { id: string }>(rows: T[]) => new Map(rows.map((row) => [row.id, row]));

describe('squeue -o "%i|%T|%M|%r"', () => {
  const rows = byId(parseSqueue(fixture('squeue.txt')));

  it('reads queued jobs with their pending reason, and array tasks by their 123_4 IDs', () => {
    expect(rows.get('114')?.status).toEqual({ phase: 'queued', reason: 'Resources' });
    expect(rows.get('116_0')?.status).toEqual({ phase: 'queued', reason: 'Priority' });
    expect(rows.get('122')?.status).toEqual({ phase: 'queued', reason: 'JobHeldAdmin' });
  });

  it('reads running time in every squeue form, and counts COMPLETING and SUSPENDED as still running', () => {
    expect(rows.get('116_1')?.status).toEqual({ phase: 'running', elapsed: 3723 });
    expect(rows.get('117')?.status).toEqual({ phase: 'running', elapsed: 86410 });
    expect(rows.get('116_2')?.status).toMatchObject({ phase: 'running', elapsed: 4 });
    expect(rows.get('120')?.status?.phase).toBe('running');
    expect(rows.get('121')?.status?.phase).toBe('running');
  });

  it('sees ended jobs as ended (squeue -t all), without an exit code: that comes from sacct or scontrol', () => {
    expect(rows.get('113')?.status).toMatchObject({ phase: 'ended', exitReason: BatchJobExitReason.FINISHED });
    expect(rows.get('112')?.status).toMatchObject({
      phase: 'ended',
      exitReason: BatchJobExitReason.FAILED,
      exitStatus: EXIT_STATUS_UNAVAILABLE,
    });
  });
});

describe('sacct -n -P -X -o JobID,State,ExitCode,ElapsedRaw', () => {
  const rows = byId(parseSacct(fixture('sacct.txt')));
  const status = (id: string) => rows.get(id)?.status;

  it('maps exit codes and signals (N:S → N, or 128+S)', () => {
    expect(status('113')).toEqual({
      phase: 'ended',
      exitStatus: 0,
      exitReason: BatchJobExitReason.FINISHED,
      wallTime: 0,
      detail: undefined,
    });
    expect(status('112')).toMatchObject({ exitStatus: 3, exitReason: BatchJobExitReason.FAILED });
    expect(status('117')).toMatchObject({ exitStatus: 137, exitReason: BatchJobExitReason.FAILED });
    expect(status('115')).toMatchObject({ exitStatus: 0, wallTime: 5 });
    expect(status('116_2')).toMatchObject({ exitStatus: 2, exitReason: BatchJobExitReason.FAILED });
  });

  it("maps Slurm's own endings to Toil's reasons, never as success", () => {
    expect(status('114')).toMatchObject({
      exitReason: BatchJobExitReason.KILLED,
      exitStatus: EXIT_STATUS_UNAVAILABLE,
      detail: 'CANCELLED by 0',
    });
    expect(status('130')).toMatchObject({ exitReason: BatchJobExitReason.KILLED, wallTime: 3600, detail: 'TIMEOUT' });
    expect(status('131')).toMatchObject({ exitReason: BatchJobExitReason.LOST });
    expect(status('132')).toMatchObject({ exitReason: BatchJobExitReason.MEMLIMIT, exitStatus: 253 });
    expect(status('133')).toMatchObject({ exitReason: BatchJobExitReason.LOST });
    expect(status('136')).toMatchObject({ exitReason: BatchJobExitReason.LOST });
    expect(status('137')).toMatchObject({ exitReason: BatchJobExitReason.KILLED });
    expect(status('134')).toEqual({ phase: 'running', elapsed: 9 });
    expect(status('135')).toEqual({ phase: 'queued', reason: undefined });
  });

  it('skips the header and job steps (123.batch) when they appear', () => {
    expect(parseSacct(fixture('sacct-steps.txt')).map((row) => row.id)).toEqual(['112']);
  });
});

describe('scontrol -o show job', () => {
  const rows = byId(parseScontrol(fixture('scontrol.txt')));

  it('names array tasks ArrayJobId_ArrayTaskId, and reads state, exit code and run time', () => {
    expect([...rows.keys()].sort()).toEqual(['114', '116_0', '116_1', '116_2', '117']);
    expect(rows.get('116_1')?.status).toMatchObject({
      phase: 'ended',
      exitStatus: 1,
      exitReason: BatchJobExitReason.FAILED,
      wallTime: 0,
    });
    expect(rows.get('117')?.status).toMatchObject({ exitStatus: 137 });
    expect(rows.get('114')?.status).toMatchObject({ exitReason: BatchJobExitReason.KILLED });
  });

  it('ignores lines that are not jobs', () => {
    expect(parseScontrol('No jobs in the system\n\n')).toEqual([]);
  });
});

describe('parseExitCode', () => {
  it('is EXIT_STATUS_UNAVAILABLE for anything but N:S', () => {
    expect(parseExitCode('')).toBe(EXIT_STATUS_UNAVAILABLE);
    expect(parseExitCode('garbage')).toBe(EXIT_STATUS_UNAVAILABLE);
    expect(parseExitCode('0:15')).toBe(143);
  });
});

describe('jobcompLocation', () => {
  it('finds the text completion log in scontrol show config, and nothing for other job completion plugins', () => {
    const config =
      'JobAcctGatherType       = jobacct_gather/none\nJobCompLoc              = /var/log/slurm/jobcomp.log\nJobCompType             = jobcomp/filetxt\n';
    expect(jobcompLocation(config)).toBe('/var/log/slurm/jobcomp.log');
    expect(jobcompLocation(config.replace('jobcomp/filetxt', 'jobcomp/none'))).toBeUndefined();
  });
});
