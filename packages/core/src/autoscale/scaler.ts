import type { BatchSystem } from '../batch/batch-system.js';
import type { Logger } from '../log/logger.js';
import type { WorkflowConfig } from '../options/config.js';
import type { ProvisionedNode, Provisioner } from '../plugins/plugin.js';
import type { ResolvedRequirements } from '../requirements/requirements.js';
import { binPack } from './bin-pack.js';
import { NodeFaults } from './node-faults.js';
import { checkJobFits, nodeShapes } from './node-shapes.js';
import { nodeBounds } from './node-types.js';
import { ScalingPolicy } from './policy.js';
import { RuntimeEstimates } from './runtimes.js';
import { jobShape, type NodeShape } from './shapes.js';
import { shrink } from './shrink.js';

/** A job the leader has handed to the batch system and that has not ended (queued there or running). */
export interface IssuedJob {
  /** Registered job name (`defineJob('align', ...)`), the key of learnt run times. */
  name: string;
  displayName: string;
  requirements: ResolvedRequirements;
  /** A service host: it holds its resources until the workflow ends. */
  service: boolean;
}

/** What the scaler reads of the leader. */
export interface ScalerQueue {
  issuedJobs(): IssuedJob[];
}

/** Who hears each check's sizes (the metrics endpoint's `current_size`/`desired_size`). */
export interface ClusterSizeSink {
  clusterSize(nodeType: string, current: number, desired: number): void;
}

/** One node type's outcome of one check, as logged and written to `--clusterStats`. */
export interface NodeTypeDecision {
  nodeType: string;
  current: number;
  /** Nodes the bin packer wants for the issued jobs. */
  estimate: number;
  /** After smoothing, compensation and bounds. */
  desired: number;
  added: number;
  removed: string[];
  /** Nodes told to take no new jobs, waiting to be idle before they go. */
  draining: string[];
  /** Instance IDs terminated because they never joined the batch system (`--nodeBootTimeout`). */
  bootFailed?: string[];
}

/** One check. */
export interface ScalingCheck {
  /** ISO time. */
  time: string;
  issuedJobs: number;
  nodeTypes: NodeTypeDecision[];
  /** Batch-system nodes forgotten because their machine is gone (terminated, spot reclaimed). */
  forgotten?: string[];
}

/** Inputs of the scaler. */
export interface ScalerOptions {
  provisioner: Provisioner;
  batch: BatchSystem;
  config: WorkflowConfig;
  log: Logger;
  sink?: ClusterSizeSink;
}

/**
 * The autoscaler of the leader (Toil's ClusterScaler and ScalerThread): every `--scaleInterval` seconds it packs
 * the issued jobs onto the node types' shapes, turns the estimate into target counts (ScalingPolicy), adds nodes
 * through the provisioner and removes idle ones (never a node the batch system says runs a job).
 */
export class ClusterScaler {
  readonly runtimes = new RuntimeEstimates();
  /** Every check so far, for `--clusterStats`. */
  readonly history: ScalingCheck[] = [];
  private readonly policy: ScalingPolicy;
  private readonly min: number[];
  /** Names of nodes told to take no new jobs. */
  private readonly ignored = new Set<string>();
  private queue: ScalerQueue = { issuedJobs: () => [] };
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<unknown> | undefined;
  private stopped = false;
  private readonly faults: NodeFaults;

  private constructor(
    private readonly options: ScalerOptions,
    readonly shapes: readonly NodeShape[],
  ) {
    const { config } = options;
    this.faults = new NodeFaults(
      options.provisioner,
      options.batch,
      options.log,
      (config.nodeBootTimeout ?? DEFAULT_BOOT_TIMEOUT) * 1000,
    );
    const bounds = nodeBounds(config.nodeTypes, config.minNodes ?? [], config.maxNodes ?? [10]);
    this.min = bounds.min;
    this.policy = new ScalingPolicy(shapes, {
      betaInertia: config.betaInertia ?? 0.1,
      preemptibleCompensation: config.preemptibleCompensation ?? 0,
      ...bounds,
    });
  }

  /** Ask the provisioner for the node types' shapes and build the scaler. */
  static async create(options: ScalerOptions): Promise<ClusterScaler> {
    const shapes = await nodeShapes(options.provisioner, options.config.nodeTypes, options.config);
    for (const shape of shapes)
      options.log.info(
        `Autoscaler: node type '${shape.nodeType.name}' offers ${shape.cores} cores, ${shape.memory} bytes of memory and ${shape.disk} bytes of disk per node${shape.preemptible ? ' (preemptible)' : ''}`,
      );
    return new ClusterScaler(options, shapes);
  }

  /** Throws NoNodeTypeFitsError when no node type can run this job; the leader calls it before issuing. */
  checkJob(displayName: string, requirements: ResolvedRequirements): void {
    checkJobFits(this.shapes, jobShape(displayName, requirements, 1));
  }

  /** Start checking every `--scaleInterval` seconds, the first check at once. */
  start(queue: ScalerQueue): void {
    this.queue = queue;
    const loop = () => {
      this.running = this.check(false)
        .catch((error: unknown) => this.options.log.warn(`Autoscaler: the check failed: ${(error as Error).message}`))
        .finally(() => {
          if (!this.stopped) this.timer = setTimeout(loop, (this.options.config.scaleInterval ?? 60) * 1000);
        });
    };
    loop();
  }

  /**
   * Stop the checks, then one last check that goes straight to `--minNodes`: idle nodes above it go, busy ones stay
   * (the batch system is still finishing or killing their jobs).
   */
  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    await this.running;
    try {
      await this.check(true);
    } catch (error) {
      this.options.log.warn(`Autoscaler: the last scale-down failed: ${(error as Error).message}`);
    }
  }

  /** One check: estimate, decide, add and remove nodes. `final` goes straight to the minimum. */
  async check(final: boolean): Promise<ScalingCheck> {
    const { provisioner, log } = this.options;
    const jobs = this.queue.issuedJobs();
    const shapes = jobs.map((job) =>
      jobShape(job.displayName, job.requirements, job.service ? Infinity : this.runtimes.estimate(job.name)),
    );
    const { counts } = binPack(shapes, this.shapes, this.options.config.targetTime ?? 1800);
    const faults = await this.faults.pass(await provisioner.getNodes());
    const nodes = faults.nodes;
    const byType = this.shapes.map((shape) => nodes.filter((node) => belongsTo(node, shape)));
    const current = byType.map((list) => list.length);
    const desired = final ? [...this.min] : this.policy.targets(counts, current);
    let busy: ReadonlySet<string> | undefined;
    const busyNodes = async () => (busy ??= await this.busyNodes(nodes, jobs.length));
    const decisions: NodeTypeDecision[] = [];
    for (const shape of this.shapes) {
      const i = shape.index;
      const decision: NodeTypeDecision = {
        nodeType: shape.nodeType.name,
        current: current[i],
        estimate: counts[i],
        desired: desired[i],
        added: 0,
        removed: [],
        draining: [],
      };
      const bootFailed = faults.bootFailed.filter((node) => belongsTo(node, shape)).map((node) => node.id);
      if (bootFailed.length) decision.bootFailed = bootFailed;
      await this.unignoreNeeded(byType[i], desired[i]);
      if (desired[i] > current[i]) {
        const asked = desired[i] - current[i];
        decision.added = await provisioner.addNodes(shape.nodeType.name, asked, shape.preemptible);
        this.policy.started(i, asked, decision.added);
        log.info(
          `Autoscaler: adding ${asked} node(s) of type '${shape.nodeType.name}' for ${jobs.length} issued job(s) (${current[i]} now, ${desired[i]} wanted); ${decision.added} started`,
        );
      } else {
        this.policy.satisfied(i);
        if (desired[i] < current[i]) {
          const outcome = await shrink(
            this.options.batch,
            byType[i],
            current[i] - desired[i],
            await busyNodes(),
            this.ignored,
          );
          if (outcome.terminate.length) {
            await provisioner.terminateNodes(outcome.terminate.map((n) => n.id));
            // The scheduler's record of a removed node goes with it, so its node list keeps only live nodes.
            for (const node of outcome.terminate) await this.options.batch.forgetNode?.(node.name);
          }
          for (const node of outcome.terminate) this.ignored.delete(node.name);
          decision.removed = outcome.terminate.map((n) => n.name);
          decision.draining = outcome.draining.map((n) => n.name);
          // Every check repeats a wait for busy nodes; only a change is news.
          const level = decision.removed.length || outcome.newlyDraining ? 'info' : 'debug';
          log[level](
            `Autoscaler: node type '${shape.nodeType.name}' has ${current[i]} node(s), ${desired[i]} wanted: removed ${decision.removed.length} idle (${decision.removed.join(', ') || 'none'}), ${decision.draining.length} busy draining, ${current[i] - decision.removed.length - decision.draining.length} busy kept`,
          );
        }
      }
      this.options.sink?.clusterSize(
        shape.nodeType.name,
        current[i] + decision.added - decision.removed.length,
        desired[i],
      );
      decisions.push(decision);
    }
    const record: ScalingCheck = { time: new Date().toISOString(), issuedJobs: jobs.length, nodeTypes: decisions };
    if (faults.forgotten.length) record.forgotten = faults.forgotten;
    this.history.push(record);
    log.debug('Autoscaler check', { check: record });
    return record;
  }

  /** Names of nodes running jobs; without the batch system's answer, every node while any job is issued. */
  private async busyNodes(nodes: readonly ProvisionedNode[], issued: number): Promise<ReadonlySet<string>> {
    const { batch } = this.options;
    if (batch.getBusyNodes) return batch.getBusyNodes();
    return new Set(issued ? nodes.map((n) => n.name) : []);
  }

  /** Nodes draining that are wanted again (the target rose): let them take jobs. */
  private async unignoreNeeded(nodes: readonly ProvisionedNode[], desired: number): Promise<void> {
    const draining = nodes.filter((n) => this.ignored.has(n.name));
    let spare = desired - (nodes.length - draining.length);
    for (const node of draining) {
      if (spare-- <= 0) break;
      await this.options.batch.unignoreNode?.(node.name);
      this.ignored.delete(node.name);
    }
  }
}

/** Seconds a new node has to join the batch system (`--nodeBootTimeout`'s default). */
const DEFAULT_BOOT_TIMEOUT = 600;

/** Whether a listed node is one of this node type: added as it, or (another launcher's) of its instance type. */
function belongsTo(node: ProvisionedNode, shape: NodeShape): boolean {
  if (node.nodeType === shape.nodeType.name) return true;
  return shape.nodeType.instanceTypes.includes(node.nodeType) && node.preemptible === shape.preemptible;
}
