import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { BatchSystem } from '../batch/batch-system.js';
import type { LeaderEvents } from '../leader/events.js';
import type { Logger } from '../log/logger.js';
import type { WorkflowConfig } from '../options/config.js';
import { loadPlugin } from '../plugins/registry.js';
import { ClusterScaler } from './scaler.js';

/**
 * The leader's side of `--provisioner`: load the provisioner plugin by name through the plugin registry, build the
 * autoscaler, and at the end write `--clusterStats`.
 */

/** The autoscaler for this run, or undefined without `--provisioner`. */
export async function createAutoscaler(
  config: WorkflowConfig,
  batch: BatchSystem,
  log: Logger,
  events: LeaderEvents | undefined,
): Promise<ClusterScaler | undefined> {
  if (config.provisioner === undefined) return undefined;
  const plugin = await loadPlugin('provisioner', config.provisioner);
  const provisioner = await (await plugin.load()).create(config);
  const sink = events?.clusterSize ? { clusterSize: events.clusterSize.bind(events) } : undefined;
  log.info(
    `Autoscaling with the provisioner '${config.provisioner}': node types ${config.nodeTypes.map((t) => t.name).join(', ')}, a check every ${config.scaleInterval} s`,
  );
  return ClusterScaler.create({ provisioner, batch, config, log, sink });
}

/** Stop the autoscaler (its last pass scales down to `--minNodes`) and write `--clusterStats` when asked. */
export async function stopAutoscaler(scaler: ClusterScaler, config: WorkflowConfig, log: Logger): Promise<void> {
  await scaler.stop();
  if (config.clusterStats === undefined) return;
  const file = join(config.clusterStats, `toil-cluster-stats-${config.workflowId}.json`);
  const stats = {
    workflowId: config.workflowId,
    provisioner: config.provisioner,
    nodeTypes: scaler.shapes.map((s) => ({
      nodeType: s.nodeType.name,
      preemptible: s.preemptible,
      cores: s.cores,
      memory: s.memory,
      disk: s.disk,
    })),
    checks: scaler.history,
  };
  try {
    await mkdir(config.clusterStats, { recursive: true, mode: 0o700 });
    await writeFile(file, `${JSON.stringify(stats, null, 1)}\n`, { mode: 0o600 });
    log.info(`Wrote the autoscaler's statistics to ${file}`);
  } catch (error) {
    // The workflow's own outcome matters more than its statistics: warn, do not fail the run.
    log.warn(`Could not write --clusterStats to ${file}: ${(error as Error).message}`);
  }
}
