import { decodeEnvelope, encode } from '../codec/codec.js';
import type { JobDescription } from '../jobstore/description.js';
import { SharedFiles, type JobStore } from '../jobstore/jobstore.js';
import type { WorkflowConfig } from '../options/config.js';
import { resolveRequirements, type Requirements } from '../requirements/requirements.js';

/**
 * Save the root job `job(...args)` of a new workflow: its description, the file that will receive its return
 * value (pointed to by the shared file `rootJobReturnValue`), and the root pointer. Returns the root's ID.
 */
export async function saveRootJob(store: JobStore, config: WorkflowConfig, job: { name: string; requirements: Requirements }, args: unknown[]): Promise<string> {
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

/** The root job's return value, or undefined while it has none. */
export async function readRootValue(store: JobStore): Promise<unknown> {
  const pointer = await store.readSharedFile(SharedFiles.rootReturnValue);
  if (!pointer) return undefined;
  const { fileId } = JSON.parse(pointer.toString('utf8')) as { fileId: string };
  const text = (await store.readFileBytes(fileId)).toString('utf8');
  return text ? decodeEnvelope(text) : undefined;
}
