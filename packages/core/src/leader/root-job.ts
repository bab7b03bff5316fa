import { decodeEnvelope, encode } from '../codec/codec.js';
import { CodecVersionError, DamagedJobStoreError } from '../errors.js';
import type { JobDescription } from '../jobstore/description.js';
import { SharedFiles, type JobStore } from '../jobstore/jobstore.js';
import type { WorkflowConfig } from '../options/config.js';
import { resolveRequirements, type Requirements } from '../requirements/requirements.js';
import type { CallRequirements } from '../requirements/promised.js';

/**
 * Save the root job `job(...args)` of a new workflow: its description, the file that will receive its return
 * value (pointed to by the shared file `rootJobReturnValue`), and the root pointer. Returns the root's ID.
 */
export async function saveRootJob(
  store: JobStore,
  config: WorkflowConfig,
  job: { name: string; requirements: Requirements | CallRequirements },
  args: unknown[],
): Promise<string> {
  const id = store.assignId();
  const valueFileId = await store.getEmptyFileId({ basename: 'root-return-value' });
  const req = job.requirements;
  const root: JobDescription = {
    v: 1,
    id,
    name: job.name,
    displayName: job.name,
    args: encode(args, `arguments of '${job.name}'`),
    requirements: resolveRequirements(req, config, `job '${job.name}'`),
    done: false,
    successors: [],
    predecessorCount: 0,
    remainingTries: config.retryCount + 1,
    promises: [{ path: [], fileId: valueFileId }],
    services: [],
    ...(req.checkpoint ? { checkpoint: { args: encode(args) } } : {}),
  };
  await store.writeSharedFile(SharedFiles.rootReturnValue, JSON.stringify({ fileId: valueFileId }));
  await store.create(root);
  await store.setRootJob(id);
  return id;
}

/**
 * Where the root job's return value goes: the file ID the shared file `rootJobReturnValue` points to, or
 * undefined when there is no such file (DamagedJobStoreError when it is garbled).
 */
export async function rootValueFileId(store: JobStore): Promise<string | undefined> {
  const pointer = await store.readSharedFile(SharedFiles.rootReturnValue);
  if (!pointer) return undefined;
  const where = `the shared file '${SharedFiles.rootReturnValue}'`;
  let parsed: unknown;
  try {
    parsed = JSON.parse(pointer.toString('utf8'));
  } catch (error) {
    throw new DamagedJobStoreError(
      store.locator,
      where,
      `is not valid JSON (${(error as Error).message.replace(/\s+/g, ' ')})`,
    );
  }
  const fileId = (parsed as { fileId?: unknown } | null)?.fileId;
  if (typeof fileId !== 'string')
    throw new DamagedJobStoreError(store.locator, where, 'does not name the file of the return value');
  return fileId;
}

/**
 * Whether the root job's return value was ever written. A store whose root job is gone is finished only when it
 * was: the root job is deleted after its value is written, so a missing root job without one is damage (a
 * deleted record, or a root pointer that names the wrong job), not a finished workflow.
 */
export async function rootValueWritten(store: JobStore): Promise<boolean> {
  const fileId = await rootValueFileId(store);
  return fileId !== undefined && (await store.getFileSize(fileId)) > 0;
}

/**
 * Throw DamagedJobStoreError when the root job `rootId` is gone but the workflow never finished (no return value
 * was written): what `--restart` and `toil status` would otherwise report as "completed successfully".
 */
export async function assertFinishedRoot(store: JobStore, rootId: string): Promise<void> {
  if (await rootValueWritten(store)) return;
  throw new DamagedJobStoreError(
    store.locator,
    `the root job record '${rootId}' (named by the shared file '${SharedFiles.rootJob}')`,
    'is missing, but the workflow never wrote its return value, so it did not finish: the record was deleted or the root pointer is wrong',
  );
}

/** The root job's return value, or undefined while it has none. */
export async function readRootValue(store: JobStore): Promise<unknown> {
  const fileId = await rootValueFileId(store);
  if (fileId === undefined) return undefined;
  const text = (await store.readFileBytes(fileId)).toString('utf8');
  if (!text) return undefined;
  try {
    return decodeEnvelope(text);
  } catch (error) {
    if (error instanceof CodecVersionError) throw error;
    throw new DamagedJobStoreError(
      store.locator,
      `the root return value file '${fileId}'`,
      `cannot be read (${(error as Error).message.replace(/\s+/g, ' ')})`,
    );
  }
}
