import { lstatSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ToilError } from '../errors.js';
import { privateDirProblem } from '../util/private-dir.js';

/**
 * Where deferred-function records live and whose they are. Each process that runs jobs writes its records to files
 * named `<pid>-<start>-<n>.json` (`start` = the process's start time from /proc, so a recycled pid is told apart
 * from the process that wrote the file). A file whose owner is gone is an orphan: whoever claims it renames it to
 * a name of its own, so exactly one process runs it.
 */

/** A process as deferred records name it: its pid and its start time (`x` where /proc cannot tell). */
export interface ProcessIdentity {
  pid: number;
  start: string;
}

/** The directory of deferred records in the workflow's node-local dir, one per user (Toil's `deferred/`). */
export function deferredDir(localWorkflowDir: string): string {
  const uid = process.getuid?.();
  return join(localWorkflowDir, uid === undefined ? 'deferred' : `deferred-${uid}`);
}

/** The deferred directory is not private to this user, and Toil would run code named by the files in it. */
export class UnsafeDeferredDirError extends ToilError {
  constructor(
    readonly dir: string,
    problem: string,
  ) {
    super(
      'UNSAFE_DEFERRED_DIR',
      `The deferred-function directory ${dir} is unsafe: ${problem}, but Toil runs the functions its files name, so it must be a directory of yours with mode 0700. Remove it (rm -r '${dir}'), or set --workDir to a directory of your own.`,
    );
  }
}

/** Create `dir` with mode 0700 if needed, and refuse it when another user could plant records in it. */
export function ensureDeferredDir(dir: string): void {
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const uid = process.getuid?.();
  if (uid === undefined) return;
  // lstat: a symbolic link to someone else's directory must not pass as ours.
  const problem = privateDirProblem(lstatSync(dir), uid, 0o077);
  if (problem) throw new UnsafeDeferredDirError(dir, problem);
}

/** `/proc/<pid>/stat` fields after the command name: [0] is the state, [19] the start time in clock ticks. */
function statFields(pid: number): string[] | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The command name is in parentheses and may itself contain spaces and parentheses.
    return stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  } catch {
    return undefined;
  }
}

let self: ProcessIdentity | undefined;

/** This process as its record files name it. */
export function selfIdentity(): ProcessIdentity {
  self ??= { pid: process.pid, start: statFields(process.pid)?.[19] ?? 'x' };
  return self;
}

/**
 * True while the process that wrote a record still runs: its pid exists, is not a zombie (a worker killed at the
 * workflow's end may not be reaped yet), and started when the record says (otherwise the pid was reused).
 */
export function isAlive(owner: ProcessIdentity): boolean {
  try {
    process.kill(owner.pid, 0);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    // ESRCH: no such process. EPERM: another user's process holds the pid now, so ours is gone.
    return code !== 'ESRCH' && code !== 'EPERM';
  }
  const fields = statFields(owner.pid);
  if (!fields) return owner.start === 'x';
  return fields[0] !== 'Z' && (owner.start === 'x' || fields[19] === owner.start);
}

const RECORD = /^(\d+)-(\d+|x)-(\d+)\.json$/;

/** The owner of a record file, from its name; undefined for any other file (temp files included). */
export function recordOwner(fileName: string): ProcessIdentity | undefined {
  const match = RECORD.exec(fileName);
  return match ? { pid: Number(match[1]), start: match[2] } : undefined;
}

let sequence = 0;

/** A new record file name owned by this process. */
export function newRecordName(self: ProcessIdentity): string {
  return `${self.pid}-${self.start}-${++sequence}.json`;
}
