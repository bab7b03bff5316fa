/**
 * Removing the containers of jobs that end, fail or are killed. Each dockerCall registers `removeContainer`
 * with `ctx.defer` before the container starts, so the call is on disk first: when the job ends it runs in the
 * job's own worker; when the worker is killed (toil kill, --maxJobDuration, kill -9) the next worker on the node
 * or the leader at the workflow's end runs it. Labels are the second handle: `removeLabelled` finds what a
 * workflow or job left, whoever started it.
 */
import { defineDeferred } from '@toil/core';
import type { ContainerEngine, EngineRef } from './engine.js';
import { engineFromRef } from './select-engine.js';

/** Label every Toil container carries: the workflow's ID. */
export const WORKFLOW_LABEL = 'org.toil.workflow';
/** Label with the ID of the job that started the container. */
export const JOB_LABEL = 'org.toil.job';

/**
 * Names of containers this process has already seen removed (their `run --rm` returned), so the deferred call at
 * the job's end costs no engine command for them. Another process (a reaper after a kill) has an empty set and
 * always asks the engine.
 */
const removedHere = new Set<string>();

/** Note that the container `name` is gone. */
export function markRemoved(name: string): void {
  removedHere.add(name);
}

/**
 * The deferred cleanup: kill and remove the container `name` if it still exists. Idempotent, as deferred
 * functions must be (a reaper that dies may leave it to run again). The `toil.` prefix lets any workflow module
 * import it without defining it itself.
 */
export const removeContainer = defineDeferred('toil.containers.remove', async (engine: EngineRef, name: string) => {
  if (removedHere.delete(name)) return;
  await engineFromRef(engine).remove(name);
});

/** Kill and remove every container carrying all of `labels`; resolves to the names removed. */
export async function removeLabelled(engine: ContainerEngine, labels: Record<string, string>): Promise<string[]> {
  const found = await engine.list(labels);
  const removed: string[] = [];
  for (const container of found) if (await engine.remove(container.id)) removed.push(container.name);
  return removed;
}
