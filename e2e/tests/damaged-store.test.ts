/**
 * A damaged job store (a record truncated, garbled or incomplete, a torn config, a garbage root pointer, a record
 * deleted by hand) is reported by `toil run --restart` and `toil status` as one line that names the damaged file
 * or record and what to do, with exit 1 and no stack trace, and the restart changes nothing in the store. Before,
 * these were raw stack traces, and a broken root pointer was "completed successfully" with result null.
 */
import { cpSync, existsSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { errorLines, runToil, stackFrames, toilRun, type RunResult } from './helpers/cli.js';
import { listJobs, snapshot } from './helpers/store.js';
import { tempDir } from './helpers/temp.js';

/** A stopped workflow to damage: operate.ts failingFanout leaves its root, the failed 'ops.broken' and 'ops.total'. */
let pristine: string;
/** damage.ts halfFails of 4: children 1 and 3 failed, and the follow-on 'damage.total' waits for their values. */
let waiting: string;
/** retries.ts parentOfFailure: the root returns its failed child's rv(), so only that child will write the result. */
let handedOver: string;

/** Holds the three stopped stores for the whole file (tempDir() cleans up after each test). */
let shared: string;

beforeAll(async () => {
  shared = await mkdtemp(join(tmpdir(), 'toil-e2e-damage-'));
  pristine = join(shared, 'failing-fanout');
  expect((await toilRun('operate.ts', pristine, 'failingFanout', [], ['--logLevel', 'ERROR'])).code).toBe(1);
  waiting = join(shared, 'half-fails');
  expect((await toilRun('damage.ts', waiting, 'halfFails', [4], ['--logLevel', 'ERROR'])).code).toBe(1);
  handedOver = join(shared, 'parent-of-failure');
  expect((await toilRun('retries.ts', handedOver, 'parentOfFailure', [], ['--logLevel', 'ERROR'])).code).toBe(1);
}, 120_000);

afterAll(async () => {
  await rm(shared, { recursive: true, force: true });
});

/** A copy of `original` to damage, and the path of the record of its job named `name`. */
async function copyOf(
  original: string,
): Promise<{ store: string; record: (name: string) => Promise<string>; rootRecord: () => string }> {
  const store = join(await tempDir(), 'js');
  cpSync(original, store, { recursive: true });
  const record = async (name: string) => {
    const job = (await listJobs(`file:${store}`)).find((j) => j.name === name)!;
    return join(store, 'jobs', job.id.slice(-2), `${job.id}.json`);
  };
  const rootRecord = () => {
    const id = readFileSync(join(store, 'shared', 'rootJobStoreID'), 'utf8');
    return join(store, 'jobs', id.slice(-2), `${id}.json`);
  };
  return { store, record, rootRecord };
}

function editRecord(path: string, edit: (record: Record<string, unknown>) => void): void {
  const record = JSON.parse(readFileSync(path, 'utf8')) as Record<string, unknown>;
  edit(record);
  writeFileSync(path, JSON.stringify(record));
}

/** Exit 1, exactly one `toil:` line (the damage report with its remedy), and no stack trace. */
function expectDamage(result: RunResult, store: string, what: string): void {
  expect(stackFrames(result.stderr)).toEqual([]);
  expect(errorLines(result.stderr)).toEqual([
    `toil: The job store file:${store} is damaged: ${what}. Nothing was changed; restore the job store from a copy, or delete it with 'toil clean file:${store}' and run the workflow again.`,
  ]);
  expect(result.code).toBe(1);
}

/** Restart and status both report `what`; the restart leaves every file of the store as it was. */
async function expectReported(
  store: string,
  fixture: string,
  job: string,
  what: string,
  args: unknown[] = [],
): Promise<void> {
  const before = await snapshot(store);
  const restart = await toilRun(fixture, store, job, args, ['--restart']);
  expectDamage(restart, store, what);
  expect(restart.stdout).toBe('');
  expect(await snapshot(store)).toEqual(before);
  expectDamage(await runToil(['status', store]), store, what);
}

describe('a damaged job store', () => {
  it('an undamaged copy restarts as usual (no false alarm): the failed job runs again and fails again', async () => {
    const { store } = await copyOf(pristine);
    const restart = await toilRun('operate.ts', store, 'failingFanout', [], ['--restart', '--logLevel', 'ERROR']);
    expect(errorLines(restart.stderr)).toEqual([
      expect.stringMatching(/^toil: The workflow failed: 1 job\(s\) ran out of retries \('ops.broken' /),
    ]);
    expect(restart.code).toBe(1);
    expect((await runToil(['status', store])).code).toBe(0);
  });

  it('a truncated job record', async () => {
    const { store, rootRecord } = await copyOf(pristine);
    const path = rootRecord();
    writeFileSync(path, readFileSync(path, 'utf8').slice(0, 40));
    await expectReported(
      store,
      'operate.ts',
      'failingFanout',
      `the job record ${path} is not valid JSON (Unterminated string in JSON at position 40): a truncated or garbled job record`,
    );
  });

  it('an empty job record', async () => {
    const { store, record } = await copyOf(pristine);
    const path = await record('ops.total');
    writeFileSync(path, '');
    await expectReported(
      store,
      'operate.ts',
      'failingFanout',
      `the job record ${path} is empty (a truncated job record)`,
    );
  });

  it('a garbled (non-JSON) job record', async () => {
    const { store, record } = await copyOf(pristine);
    const path = await record('ops.broken');
    writeFileSync(path, 'garbage\n\u0000\u0001');
    await expectReported(
      store,
      'operate.ts',
      'failingFanout',
      `the job record ${path} is not valid JSON (Unexpected token 'g', "garbage \u0000\u0001" is not valid JSON): a truncated or garbled job record`,
    );
  });

  it('a job record with a missing field', async () => {
    const { store, rootRecord } = await copyOf(pristine);
    const path = rootRecord();
    editRecord(path, (r) => delete r.successors);
    await expectReported(store, 'operate.ts', 'failingFanout', `the job record ${path} has no 'successors' field`);
  });

  it('a job record with a wrongly-typed field', async () => {
    const { store, record } = await copyOf(pristine);
    const path = await record('ops.total');
    editRecord(path, (r) => (r.remainingTries = 'two'));
    await expectReported(
      store,
      'operate.ts',
      'failingFanout',
      `the job record ${path} has a wrongly-typed 'remainingTries' field ("two")`,
    );
  });

  it('a truncated config.json', async () => {
    const { store } = await copyOf(pristine);
    const path = join(store, 'shared', 'config.json');
    writeFileSync(path, readFileSync(path, 'utf8').slice(0, 100));
    await expectReported(
      store,
      'operate.ts',
      'failingFanout',
      `the workflow config ${path} is not valid JSON (Unterminated string in JSON at position 100): truncated or garbled`,
    );
  });

  it('a garbled config.json, and toil clean still deletes the store', async () => {
    const { store } = await copyOf(pristine);
    const path = join(store, 'shared', 'config.json');
    writeFileSync(path, '[1, 2]');
    await expectReported(store, 'operate.ts', 'failingFanout', `the workflow config ${path} is not a JSON object`);
    const clean = await runToil(['clean', store]);
    expect(clean.stderr).toBe(`Deleted the job store file:${store}\n`);
    expect(clean.code).toBe(0);
    expect(await snapshot(store)).toBeUndefined();
  });

  it('garbage in shared/rootJobStoreID', async () => {
    const { store } = await copyOf(pristine);
    const path = join(store, 'shared', 'rootJobStoreID');
    writeFileSync(path, '../../etc/passwd');
    await expectReported(
      store,
      'operate.ts',
      'failingFanout',
      `the root job pointer ${path} holds "../../etc/passwd", which is not a job ID`,
    );
  });

  it('a root pointer to a job that is not there, with no result ever written: not "completed successfully"', async () => {
    const { store } = await copyOf(pristine);
    writeFileSync(join(store, 'shared', 'rootJobStoreID'), 'jobnotthere0000');
    await expectReported(
      store,
      'operate.ts',
      'failingFanout',
      "the root job record 'jobnotthere0000' (named by the shared file 'rootJobStoreID') is missing, but the workflow never wrote its return value, so it did not finish: the record was deleted or the root pointer is wrong",
    );
  });

  it('the root job record deleted', async () => {
    const { store, rootRecord } = await copyOf(pristine);
    const rootId = readFileSync(join(store, 'shared', 'rootJobStoreID'), 'utf8');
    rmSync(rootRecord());
    await expectReported(
      store,
      'operate.ts',
      'failingFanout',
      `the root job record '${rootId}' (named by the shared file 'rootJobStoreID') is missing, but the workflow never wrote its return value, so it did not finish: the record was deleted or the root pointer is wrong`,
    );
  });

  it("a deleted follow-on record, referenced by its parent's successors", async () => {
    const { store, record } = await copyOf(pristine);
    const jobs = await listJobs(`file:${store}`);
    const id = (name: string) => jobs.find((j) => j.name === name)!.id;
    rmSync(await record('ops.total'));
    await expectReported(
      store,
      'operate.ts',
      'failingFanout',
      `the job record '${id('ops.total')}' is missing: it is a follow-on of 'ops.failingFanout' ${id('ops.failingFanout')} that cannot have run yet (its earlier successor 'ops.broken' ${id('ops.broken')} has not finished)`,
    );
  });

  it('a deleted child record whose value a waiting follow-on takes', async () => {
    const { store } = await copyOf(waiting);
    const jobs = await listJobs(`file:${store}`);
    const failed = jobs.filter((j) => j.name === 'damage.evenOnly');
    expect(failed.map((j) => JSON.stringify(j.args)).sort()).toEqual(['[1]', '[3]']);
    rmSync(join(store, 'jobs', failed[0]!.id.slice(-2), `${failed[0]!.id}.json`));
    const consumer = jobs.find((j) => j.name === 'damage.total')!;
    // The value the deleted child promised: the consumer's promise file that no remaining job lists.
    const promised = new Set(jobs.filter((j) => j !== failed[0]).flatMap((j) => j.promises.map((t) => t.fileId)));
    const lost = JSON.stringify(consumer.args)
      .match(/jobs\/[^"]+-promise/g)!
      .filter((f) => !promised.has(f) && !existsSync(join(store, f)));
    expect(lost).toHaveLength(1);
    await expectReported(
      store,
      'damage.ts',
      'halfFails',
      `the job record '${consumer.id}' ('damage.total') waits for a promised value in '${lost[0]}' that no job left in the store will write: the record of the job that promised it is missing`,
      [4],
    );
  });

  it('a deleted child record whose value the workflow still waits for', async () => {
    const { store, record } = await copyOf(handedOver);
    rmSync(await record('retry.alwaysFails'));
    const pointer = JSON.parse(readFileSync(join(store, 'shared', 'rootJobReturnValue'), 'utf8')) as { fileId: string };
    await expectReported(
      store,
      'retries.ts',
      'parentOfFailure',
      `the workflow's return value '${pointer.fileId}' is still to be written, but by no job left in the store: the record of the job that promised it is missing`,
    );
    // Before, the restart deleted nothing but printed `null` and exit 0.
    expect(readdirSync(join(store, 'jobs')).length).toBeGreaterThan(0);
  });
});
