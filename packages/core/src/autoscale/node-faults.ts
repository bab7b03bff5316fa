import type { BatchSystem } from '../batch/batch-system.js';
import type { Logger } from '../log/logger.js';
import type { ProvisionedNode, Provisioner } from '../plugins/plugin.js';

/** What one fault pass did, for the check's record and its tests. */
export interface FaultOutcome {
  /** The provisioner's nodes still counted (those terminated for a failed boot left out). */
  nodes: ProvisionedNode[];
  /** Nodes terminated because they never joined the batch system. */
  bootFailed: ProvisionedNode[];
  /** Batch-system node names forgotten because their machine is gone. */
  forgotten: string[];
}

/**
 * The autoscaler's view of faulty nodes, between two checks. Two faults a cloud cluster meets (seed L1881–2021: a
 * node that never comes up, a spot node reclaimed):
 *
 * - **A boot that fails or hangs** (user data exiting non-zero, a package mirror down): the instance runs but never
 *   joins the batch system. The cloud cannot tell us (EC2 reports it `running`), so the only sign is time: a node
 *   listed for `--nodeBootTimeout` seconds that the batch system still does not have is reported in one line,
 *   terminated, and left out of the count, so the same check replaces it when it is still needed. A boot that
 *   reports its own failure (`ProvisionedNode.bootFailure`: the instance shut itself down) is failed at the first
 *   check that sees it, with the reason, instead of after the timeout.
 * - **A machine gone** (terminated, or a spot node reclaimed mid-job): the batch system still has its record, and
 *   Slurm would only notice after SlurmdTimeout. A dynamic node the provisioner no longer lists is forgotten
 *   (`BatchSystem.forgetNode`): its jobs end at once as lost, which the leader retries elsewhere, and the record goes.
 *
 * Only for batch systems that list their nodes (`listNodes`); others keep the plain scaling.
 */
export class NodeFaults {
  /** When each node was first listed by the provisioner (ms), by instance ID. */
  private readonly firstSeen = new Map<string, number>();
  /** Nodes already failed for a boot they reported: listed a while longer, never reported or counted again. */
  private readonly reportedFailed = new Set<string>();

  constructor(
    private readonly provisioner: Provisioner,
    private readonly batch: BatchSystem,
    private readonly log: Logger,
    /** `--nodeBootTimeout` in ms. */
    private readonly bootTimeoutMs: number,
    private readonly now: () => number = Date.now,
  ) {}

  /** Look at the provisioner's nodes against the batch system's; terminate failed boots, forget machines gone. */
  async pass(listed: readonly ProvisionedNode[]): Promise<FaultOutcome> {
    // A reported failure needs no scheduler to tell: it is failed whatever the batch system.
    for (const id of this.reportedFailed) if (!listed.some((n) => n.id === id)) this.reportedFailed.delete(id);
    const reported = listed.filter((n) => n.bootFailure !== undefined && !this.reportedFailed.has(n.id));
    for (const node of reported) {
      this.reportedFailed.add(node.id);
      this.log.warn(
        `Autoscaler: node ${node.id} (${node.name}, node type '${node.nodeType}') reported that its boot failed (${node.bootFailure}): terminating it`,
      );
      this.firstSeen.delete(node.id);
    }
    const counted = listed.filter((n) => n.bootFailure === undefined);
    if (!this.batch.listNodes) {
      if (reported.length) await this.provisioner.terminateNodes(reported.map((n) => n.id));
      return { nodes: counted, bootFailed: reported, forgotten: [] };
    }
    const { joined, dynamic } = await this.batch.listNodes();
    const now = this.now();
    for (const id of this.firstSeen.keys()) if (!listed.some((n) => n.id === id)) this.firstSeen.delete(id);
    const failed: ProvisionedNode[] = [...reported];
    for (const node of listed) {
      if (node.bootFailure !== undefined) continue;
      if (joined.has(node.name)) {
        this.firstSeen.delete(node.id);
        continue;
      }
      const seen = this.firstSeen.get(node.id) ?? now;
      this.firstSeen.set(node.id, seen);
      if (now - seen >= this.bootTimeoutMs) failed.push(node);
    }
    for (const node of failed) {
      if (node.bootFailure !== undefined) continue;
      this.log.warn(
        `Autoscaler: node ${node.id} (${node.name}, node type '${node.nodeType}') has not joined the ${this.batch.name} cluster ${Math.round((now - this.firstSeen.get(node.id)!) / 1000)} s after it was started (its boot failed or hangs, --nodeBootTimeout ${this.bootTimeoutMs / 1000} s): terminating it`,
      );
      this.firstSeen.delete(node.id);
    }
    if (failed.length) await this.provisioner.terminateNodes(failed.map((n) => n.id));
    const names = new Set(listed.map((n) => n.name));
    const forgotten: string[] = [];
    for (const name of dynamic) {
      if (names.has(name) || !this.batch.forgetNode) continue;
      if (await this.batch.forgetNode(name)) {
        forgotten.push(name);
        this.log.info(
          `Autoscaler: node ${name} is gone from the cloud (terminated or reclaimed); removed from ${this.batch.name}, any job it ran comes back as lost`,
        );
      }
    }
    return {
      nodes: counted.filter((n) => !failed.includes(n)),
      bootFailed: failed,
      forgotten,
    };
  }
}
