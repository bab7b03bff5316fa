import type { BatchJobSpec, ResolvedRequirements } from '@toil/core/backend';

/**
 * A batch job that runs a plain shell command instead of a Toil worker: for tests about talking to a scheduler,
 * where a job store would only add noise. One core and 64 MiB unless `requirements` says otherwise.
 */
export function shellJobSpec(script: string, requirements: Partial<ResolvedRequirements> = {}): BatchJobSpec {
  return {
    jobStoreId: script,
    displayName: 'shell',
    requirements: { cores: 1, memory: 2 ** 26, disk: 2 ** 20, accelerators: [], preemptible: false, ...requirements },
    workerCommand: ['sh', '-c', script],
    env: {},
  };
}

/** Poll `check` every 10 ms until it holds; throws after `ms`. */
export async function waitFor(check: () => boolean, ms = 5000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`condition not met in ${ms} ms`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}
