import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { isProcessRunning as isAlive } from '@toil/testing';
import { afterEach, describe, expect, it } from 'vitest';
import { runSeconds, shellExitStatus } from './fake-job.js';
import { LocalFakeScheduler } from './local-fake-scheduler.js';

const fakes: LocalFakeScheduler[] = [];
afterEach(async () => {
  await Promise.all(fakes.splice(0).map((fake) => fake.shutdown()));
});

function setup(cores: number) {
  const fake = new LocalFakeScheduler({ cores });
  fakes.push(fake);
  return { fake, dir: mkdtempSync(join(tmpdir(), 'fake-scheduler-test-')) };
}

describe('LocalFakeScheduler', () => {
  it('runs the script with sh, appending stdout and stderr to the requested files, with the job env and times', async () => {
    const { fake, dir } = setup(1);
    const job = fake.submit({
      script: '#!/bin/sh\necho "out $JOB_ID"\necho err >&2\nsleep 0.2\nexit 3\n',
      stdout: (id) => join(dir, `${id}.out`),
      stderr: join(dir, 'err.log'),
      env: (id) => ({ JOB_ID: id }),
    });
    expect(job.id).toBe('1000');
    expect(job.state).toBe('running');
    await fake.ended(job.id);
    expect(job).toMatchObject({ state: 'ended', exitCode: 3, killed: false });
    expect(shellExitStatus(job)).toBe(3);
    expect(runSeconds(job)).toBeGreaterThanOrEqual(0.2);
    expect(readFileSync(join(dir, '1000.out'), 'utf8')).toBe('out 1000\n');
    expect(readFileSync(join(dir, 'err.log'), 'utf8')).toBe('err\n');
  });

  it('keeps jobs queued while their cores are busy, lets smaller jobs past a big one, and starts them as cores free', async () => {
    const { fake } = setup(2);
    const first = fake.submit({ script: 'sleep 0.3', cores: 2 });
    const huge = fake.submit({ script: 'true', cores: 3 });
    const second = fake.submit({ script: 'true', cores: 1 });
    expect([first.state, huge.state, second.state]).toEqual(['running', 'queued', 'queued']);
    await fake.ended(first.id);
    await new Promise((resolve) => setImmediate(resolve));
    await fake.ended(second.id);
    expect(second.startTime).toBeGreaterThanOrEqual(first.endTime as number);
    expect(huge.state).toBe('queued');
  });

  it('kills a running job and everything it started, and ends a queued one without running it', async () => {
    const { fake, dir } = setup(1);
    const marker = join(dir, 'never');
    const running = fake.submit({ script: `sleep 30 & echo $! > ${dir}/child; wait` });
    const queued = fake.submit({ script: `touch ${marker}` });
    while (!existsSync(join(dir, 'child')) || !readFileSync(join(dir, 'child'), 'utf8').trim())
      await new Promise((r) => setTimeout(r, 10));
    const child = Number(readFileSync(join(dir, 'child'), 'utf8'));
    expect(fake.kill(queued.id, 'TERM_OWNER')).toBe(true);
    expect(queued).toMatchObject({ state: 'ended', killed: true, reason: 'TERM_OWNER' });
    expect(queued.startTime).toBeUndefined();
    expect(fake.kill(running.id, 'TERM_MEMLIMIT')).toBe(true);
    await fake.ended(running.id);
    expect(running).toMatchObject({ state: 'ended', killed: true, reason: 'TERM_MEMLIMIT', signal: 'SIGKILL' });
    expect(shellExitStatus(running)).toBe(137);
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(isAlive(child)).toBe(false);
    expect(existsSync(marker)).toBe(false);
    expect(fake.kill(running.id)).toBe(false);
    expect(fake.kill('424242')).toBe(false);
  });

  it('holds and releases jobs, and forgets ended ones', async () => {
    const { fake } = setup(1);
    const held = fake.submit({ script: 'true', hold: 'submitted on hold' });
    expect(held).toMatchObject({ state: 'held', reason: 'submitted on hold' });
    expect(fake.release(held.id)).toBe(true);
    await fake.ended(held.id);
    expect(held.exitCode).toBe(0);
    fake.forget(held.id);
    expect(fake.get(held.id)).toBeUndefined();
  });

  it('kills every job at shutdown', async () => {
    const { fake } = setup(1);
    const job = fake.submit({ script: 'sleep 30' });
    const pid = job.pid as number;
    await fake.shutdown();
    expect(job.state).toBe('ended');
    expect(isAlive(pid)).toBe(false);
  });
});
