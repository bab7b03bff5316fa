import { readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { decode, encode, type Encoded } from '../codec/codec.js';
import { InvalidValueError, ToilUsageError } from '../errors.js';
import { checkDefinedAtLoad, findDeferred, isDeferredDef } from '../job/define.js';
import { ensureDeferredDir, isAlive, newRecordName, recordOwner, selfIdentity } from './deferred-dir.js';

/** One `ctx.defer(def, ...args)` call as stored: the function's registered name and its encoded arguments. */
interface DeferredCall {
  name: string;
  args: Encoded[];
}

/** A record file: the calls one job registered, oldest first. */
interface DeferredRecord {
  jobId: string;
  jobName: string;
  calls: DeferredCall[];
}

/** Where a deferred function's failure (or a record that cannot be read) is reported. */
export type DeferredLog = (text: string) => void;

/**
 * The deferred functions of one job run (Toil's DeferredFunctionManager, one record file per job run). Each
 * `add` rewrites the job's record file atomically before it returns, so a kill -9 of the worker at any instant
 * leaves every registered call on disk for the next worker on this node (`runOrphanedDeferred`).
 */
export class JobDeferrals {
  private readonly record: DeferredRecord;
  private file: string | undefined;
  private ended = false;

  /** @param dir The node's deferred directory (`deferredDir(localWorkflowDir)`). */
  constructor(
    private readonly dir: string,
    jobId: string,
    jobName: string,
  ) {
    this.record = { jobId, jobName, calls: [] };
  }

  /** Register `def(...args)`; throws, registering nothing, when `def` or an argument cannot be stored. */
  add(def: unknown, args: unknown[]): void {
    const { jobName } = this.record;
    // Code the job left running after it returned: nothing would run the call until this worker dies.
    if (this.ended)
      throw new ToilUsageError(`ctx.defer was called after job '${jobName}' ended; defer only while the job runs.`);
    if (!isDeferredDef(def)) {
      throw new InvalidValueError(
        `function for ctx.defer in job '${jobName}'`,
        typeof def,
        "pass a function made with defineDeferred('name', fn) at module top level",
      );
    }
    // Another process may run it, finding it by name: it must come from the workflow module.
    checkDefinedAtLoad('deferred', def.name, jobName);
    const encoded = args.map((arg, i) => encode(arg, `argument ${i + 1} of deferred '${def.name}'`));
    if (!this.file) {
      ensureDeferredDir(this.dir);
      this.file = join(this.dir, newRecordName(selfIdentity()));
    }
    this.record.calls.push({ name: def.name, args: encoded });
    // Temp + rename: a reader never sees half a record. Synchronous, so the call is on disk when defer returns.
    writeFileSync(`${this.file}.tmp`, JSON.stringify(this.record), { mode: 0o600 });
    renameSync(`${this.file}.tmp`, this.file);
  }

  /** Run the registered calls (last registered first), then remove the record. Failures go to `log`. */
  async runAll(log: DeferredLog): Promise<void> {
    this.ended = true;
    if (!this.file) return;
    await runCalls(this.record, log);
    rmSync(this.file, { force: true });
  }
}

/**
 * Run a record's calls in reverse order of registration, like `defer` in Go or a stack of `using` disposals, so a
 * cleanup registered later (say, a container started inside a directory) runs before the one it depends on.
 * (Python Toil runs them in the order they were registered.) A failing call is logged and the rest still run.
 */
async function runCalls(record: DeferredRecord, log: DeferredLog): Promise<void> {
  for (const call of [...record.calls].reverse()) {
    const def = findDeferred(call.name);
    if (!def) {
      log(
        `Deferred function '${call.name}' of job '${record.jobName}' ${record.jobId} is not defined by the workflow module in this process; it was not run.`,
      );
      continue;
    }
    try {
      await def.fn(...call.args.map((arg) => decode(arg)));
    } catch (error) {
      log(
        `Deferred function '${call.name}' of job '${record.jobName}' ${record.jobId} failed: ${error instanceof Error ? error.message : String(error)}`,
      );
    }
  }
}

/**
 * Run the deferred functions of processes that died before running their own (a worker killed mid-job), as Toil's
 * workers do when they start and as its batch systems do when a node's work ends. Each orphan record is claimed
 * by renaming it to a name this process owns, so when several processes look at once only one runs it; if this
 * process dies in turn, the next one claims it from this process. Returns how many records were run.
 */
export async function runOrphanedDeferred(dir: string, log: DeferredLog): Promise<number> {
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch (error) {
    // No job on this node has deferred anything yet.
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return 0;
    throw error;
  }
  const self = selfIdentity();
  let ran = 0;
  for (const name of names) {
    const temp = name.endsWith('.tmp');
    const owner = recordOwner(temp ? name.slice(0, -'.tmp'.length) : name);
    if (!owner || (owner.pid === self.pid && owner.start === self.start) || isAlive(owner)) continue;
    if (temp) {
      // Its writer died inside `add`, before that call returned: the record it was replacing is still complete.
      rmSync(join(dir, name), { force: true });
      continue;
    }
    const claimed = join(dir, newRecordName(self));
    try {
      renameSync(join(dir, name), claimed);
    } catch {
      continue; // another process claimed it first
    }
    let record: DeferredRecord;
    try {
      record = JSON.parse(readFileSync(claimed, 'utf8')) as DeferredRecord;
    } catch (error) {
      log(
        `The deferred-function record ${name} left by process ${owner.pid} cannot be read (${error instanceof Error ? error.message : String(error)}); it was removed.`,
      );
      rmSync(claimed, { force: true });
      continue;
    }
    await runCalls(record, log);
    rmSync(claimed, { force: true });
    ran++;
  }
  return ran;
}
