/**
 * `--restart` resumes the workflow the job store holds, whatever the command line says; a module, `--job` or
 * `--args` that say otherwise are a mistake (a wrong store, a wrong script) and used to be ignored silently.
 * Each part given is checked against what the store recorded: the entry module (`userModule.json`) and the root
 * job's name and arguments (its record, while it exists; a finished workflow's root is gone).
 */
import { realpathSync } from 'node:fs';
import { resolve } from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import { decode } from '../codec/codec.js';
import { printValue } from '../codec/print.js';
import { RestartMismatchError } from '../errors.js';
import { SharedFiles, type JobStore } from '../jobstore/jobstore.js';
import { openJobStore } from '../jobstore/open.js';

/** What a `--restart` command says about the workflow; each part is optional and checked only when given. */
export interface RestartClaims {
  /** The workflow module given (`toil run <module>`, a `Toil.main` script). */
  module?: string;
  /** The root job: its `defineJob` name, and `--job` as given (undefined for a `Toil.main` script). */
  job?: { name: string; given?: string };
  /** The root job's arguments parsed from `--args`, and the option as given. */
  args?: { values: unknown[]; given: string };
}

/** Errors quote at most this much of stored arguments. */
const QUOTE_LIMIT = 200;

function samePath(a: string, b: string): boolean {
  if (resolve(a) === resolve(b)) return true;
  try {
    return realpathSync(a) === realpathSync(b);
  } catch {
    return false;
  }
}

/** The entry module recorded in the store, if any (a workflow started through the API may have none). */
async function storedModule(store: JobStore): Promise<string | undefined> {
  const raw = await store.readSharedFile(SharedFiles.userModule);
  if (!raw) return undefined;
  try {
    const record = JSON.parse(raw.toString('utf8')) as { entry?: unknown };
    return typeof record.entry === 'string' ? record.entry : undefined;
  } catch {
    return undefined; // Damage is the restart's own checks' to report, naming the file.
  }
}

/** The root job's name and arguments while its record exists; undefined when it is gone or unreadable. */
async function storedRoot(store: JobStore): Promise<{ name: string; args: unknown[] } | undefined> {
  try {
    const rootId = await store.loadRootJobId();
    const root = rootId ? await store.tryLoad(rootId) : undefined;
    return root && { name: root.name, args: decode(root.args) as unknown[] };
  } catch {
    return undefined; // Damage, too, is the restart's own checks' to report, naming the file.
  }
}

function checkModule(locator: string, stored: string | undefined, given: string | undefined): void {
  if (!stored || !given || samePath(stored, given)) return;
  throw new RestartMismatchError(
    locator,
    'module',
    `--restart was given the module ${resolve(given)}, but the job store ${locator} holds a workflow of ${stored}. Restart with that module (edited code at that path is fine), or start a new workflow in another job store.`,
  );
}

/**
 * Before a `--restart` opens the job store: the module, `--job` and `--args` given must match the stored
 * workflow, or RestartMismatchError names what the store holds, with the store untouched. Does nothing when the
 * store does not exist or holds no workflow yet: the restart itself reports those. The CLI checks the module
 * alone first, before loading it to find `--job`.
 */
export async function checkRestartClaims(locator: string, claims: RestartClaims): Promise<void> {
  const { store } = await openJobStore(locator);
  if (!(await store.exists())) return;
  checkModule(locator, await storedModule(store), claims.module);
  if (!claims.job && !claims.args) return;
  const root = await storedRoot(store);
  // A finished workflow keeps only its result: there is nothing left to compare with.
  if (!root) return;
  const { job, args } = claims;
  if (job && job.name !== root.name) {
    const what = job.given === undefined ? `The job '${job.name}'` : `--job ${job.given}`;
    const not = job.given === undefined || job.given !== job.name ? `, not '${job.name}'` : '';
    throw new RestartMismatchError(
      locator,
      'job',
      `${what} does not match the workflow in the job store ${locator}: its root job is '${root.name}'${not}. Leave out --job and --args to resume it, or start a new workflow in another job store.`,
    );
  }
  if (args) {
    if (isDeepStrictEqual(root.args, args.values)) return;
    const shown = printValue(root.args);
    const quoted = shown.length > QUOTE_LIMIT ? `${shown.slice(0, QUOTE_LIMIT)}...` : shown;
    throw new RestartMismatchError(
      locator,
      'args',
      `--args ${args.given} does not match the workflow in the job store ${locator}: it was started with --args ${quoted}. Leave out --args to resume it as it was started, or start a new workflow in another job store.`,
    );
  }
}
