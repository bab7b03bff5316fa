import { BatchJobExitReason, type UpdatedBatchJobInfo } from '../batch/batch-system.js';
import type { JobStore } from '../jobstore/jobstore.js';
import type { Logger } from '../log/logger.js';
import type { WorkflowConfig } from '../options/config.js';
import type { ResolvedRequirements } from '../requirements/requirements.js';
import type { JobNode } from './job-node.js';

/**
 * Toil's `--doubleMem`: the requirements to retry a job with after the batch system killed it for exceeding its
 * memory (MEMLIMIT), i.e. twice the memory, capped at `--maxMemory` so the retry can still be scheduled. Undefined
 * when nothing changes: the flag is off, the job ended for another reason, or it already has the most it may get.
 */
export function doubledRequirements(
  requirements: ResolvedRequirements,
  update: UpdatedBatchJobInfo | undefined,
  config: Pick<WorkflowConfig, 'doubleMem' | 'maxMemory'>,
): ResolvedRequirements | undefined {
  if (!config.doubleMem || update?.exitReason !== BatchJobExitReason.MEMLIMIT) return undefined;
  const memory = Math.min(requirements.memory * 2, config.maxMemory);
  return memory > requirements.memory ? { ...requirements, memory } : undefined;
}

/**
 * Store doubled memory on a job that hit its memory limit, before the leader issues it again (see doubledRequirements).
 */
export async function doubleMemoryForRetry(
  store: JobStore,
  log: Logger,
  node: JobNode,
  update: UpdatedBatchJobInfo | undefined,
  config: WorkflowConfig,
): Promise<void> {
  const requirements = doubledRequirements(node.desc.requirements, update, config);
  if (!requirements) return;
  const updated = { ...node.desc, requirements };
  await store.update(updated);
  node.desc = updated;
  log.warn(
    `Job '${node.desc.displayName}' ${node.desc.id} hit its memory limit; retrying it with ${requirements.memory} bytes of memory (--doubleMem).`,
  );
}
