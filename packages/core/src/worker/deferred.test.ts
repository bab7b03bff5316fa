import { spawnSync } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { defineDeferred } from '../job/define.js';
import { JobDeferrals, runOrphanedDeferred } from './deferred.js';
import { deferredDir, isAlive, selfIdentity, UnsafeDeferredDirError } from './deferred-dir.js';

const calls: string[] = [];
const record = defineDeferred('unit.record', (text: string) => void calls.push(text));
const fail = defineDeferred('unit.fail', () => {
  throw new Error('cleanup broke');
});

/** A pid that has exited (and been reaped) by the time this returns. */
function deadPid(): number {
  return Number(
    spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' }).stdout,
  );
}

describe('deferred functions', () => {
  let base: string;
  let dir: string;
  beforeEach(() => {
    base = mkdtempSync(join(tmpdir(), 'toil-deferred-'));
    dir = deferredDir(base);
    calls.length = 0;
  });
  afterEach(() => rmSync(base, { recursive: true, force: true }));

  it('keeps each call on disk as soon as it is deferred, runs them last first, logs a failure, then removes the record', async () => {
    const job = new JobDeferrals(dir, 'job1', 'cleanup');
    job.add(record, ['a']);
    job.add(fail, []);
    job.add(record, ['b']);
    const [file] = readdirSync(dir);
    expect(file).toMatch(new RegExp(`^${process.pid}-\\d+-\\d+\\.json$`));
    expect(
      (JSON.parse(readFileSync(join(dir, file), 'utf8')) as { calls: { name: string }[] }).calls.map((c) => c.name),
    ).toEqual(['unit.record', 'unit.fail', 'unit.record']);
    expect(statSync(dir).mode & 0o777).toBe(0o700);
    const log: string[] = [];
    await job.runAll((text) => log.push(text));
    expect(calls).toEqual(['b', 'a']);
    expect(log).toEqual(["Deferred function 'unit.fail' of job 'cleanup' job1 failed: cleanup broke"]);
    expect(readdirSync(dir)).toEqual([]);
    // A call from code the job left running would never run while this worker lives: refused.
    expect(() => job.add(record, ['late'])).toThrow(/ctx.defer was called after job 'cleanup' ended/);
    expect(readdirSync(dir)).toEqual([]);
  });

  it('refuses what another process could not run, registering nothing', () => {
    const job = new JobDeferrals(dir, 'job1', 'cleanup');
    expect(() => job.add(() => undefined, [])).toThrow(
      /Invalid function for ctx.defer in job 'cleanup' "function": pass a function made with defineDeferred/,
    );
    expect(() => job.add(record, [new Map([[1, () => 1]])])).toThrow(
      /Cannot encode argument 1 of deferred 'unit.record'/,
    );
    expect(readdirSync(base)).toEqual([]);
  });

  it("runs a dead process's record once, claimed by rename, and leaves live owners' records alone", async () => {
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    const dead = deadPid();
    const orphan = { jobId: 'j', jobName: 'killed', calls: [{ name: 'unit.record', args: ['orphan'] }] };
    writeFileSync(join(dir, `${dead}-x-1.json`), JSON.stringify(orphan));
    // Same pid as a live process but another start time: the pid was reused, so its writer is gone.
    writeFileSync(
      join(dir, `${process.pid}-1-7.json`),
      JSON.stringify({ ...orphan, calls: [{ name: 'unit.record', args: ['reused pid'] }] }),
    );
    // A live owner (the parent of this test process) keeps its record.
    const parent = `${process.ppid}-x-1.json`;
    writeFileSync(join(dir, parent), JSON.stringify({ ...orphan, calls: [{ name: 'unit.record', args: ['alive'] }] }));
    // A half-written record of a dead process is dropped, not run.
    writeFileSync(join(dir, `${dead}-x-2.json.tmp`), '{"calls":[');
    const log: string[] = [];
    const [first, second] = await Promise.all([
      runOrphanedDeferred(dir, (t) => log.push(t)),
      runOrphanedDeferred(dir, (t) => log.push(t)),
    ]);
    expect(first + second).toBe(2);
    expect(calls.sort()).toEqual(['orphan', 'reused pid']);
    expect(log).toEqual([]);
    expect(readdirSync(dir)).toEqual([parent]);
  });

  it('tells a live process from a dead one and from a reused pid', () => {
    expect(isAlive(selfIdentity())).toBe(true);
    expect(isAlive({ pid: process.pid, start: String(Number(selfIdentity().start) + 1) })).toBe(false);
    expect(isAlive({ pid: deadPid(), start: 'x' })).toBe(false);
  });

  it('refuses a deferred directory that others can write to', () => {
    mkdirSync(dir, { recursive: true });
    chmodSync(dir, 0o777);
    const job = new JobDeferrals(dir, 'job1', 'cleanup');
    expect(() => job.add(record, ['a'])).toThrow(UnsafeDeferredDirError);
    expect(() => job.add(record, ['a'])).toThrow(
      /it has mode 0777 \(owner uid \d+\), .* must be a directory of yours with mode 0700/,
    );
  });
});
