import type { Compute } from './compute.js';
import { networkTag } from './labels.js';

/** GCE firewalls carry no labels: a cluster's rules are found by name, description and target tag together. */
function description(clusterName: string): string {
  return `Toil cluster ${clusterName}`;
}

/** The names of a cluster's two rules. */
export function firewallNames(clusterName: string): { ssh: string; internal: string } {
  return { ssh: `${clusterName}-toil-ssh`, internal: `${clusterName}-toil-internal` };
}

/**
 * The cluster's rules: tcp 22 from anywhere (the launcher's ssh), and every protocol between the cluster's own
 * instances (slurmctld 6817, slurmd 6818, srun's ports), both aimed at the cluster's network tag. Resolves with
 * the names created, for undoing; a failure half-way leaves only those for the caller to remove.
 */
export async function createFirewalls(compute: Compute, clusterName: string, created: string[]): Promise<void> {
  const { project } = compute.s;
  const tag = networkTag(clusterName);
  const names = firewallNames(clusterName);
  const rules = [
    { name: names.ssh, sourceRanges: ['0.0.0.0/0'], allowed: [{ IPProtocol: 'tcp', ports: ['22'] }] },
    { name: names.internal, sourceTags: [tag], allowed: [{ IPProtocol: 'all' }] },
  ];
  for (const rule of rules) {
    const [op] = await compute.call('firewalls', 'insert', (c) =>
      c.insert({
        project,
        firewallResource: {
          ...rule,
          description: description(clusterName),
          network: 'global/networks/default',
          direction: 'INGRESS',
          targetTags: [tag],
        },
      }),
    );
    created.push(rule.name);
    await compute.waitFor('firewalls.insert', op.latestResponse as { name?: string });
  }
}

/** The cluster's own rules (a same-named rule someone else made, without our description and tag, is not ours). */
export async function clusterFirewalls(compute: Compute, clusterName: string): Promise<string[]> {
  const { project } = compute.s;
  const names = Object.values(firewallNames(clusterName));
  const [list] = await compute.call('firewalls', 'list', (c) => c.list({ project }));
  return list
    .filter(
      (f) =>
        names.includes(f.name ?? '') &&
        f.description === description(clusterName) &&
        (f.targetTags ?? []).includes(networkTag(clusterName)),
    )
    .map((f) => f.name!);
}

/** Whether any rule of the cluster's names exists (ours or not: the name is taken either way). */
export async function firewallNamesTaken(compute: Compute, clusterName: string): Promise<boolean> {
  const { project } = compute.s;
  const names = Object.values(firewallNames(clusterName));
  const [list] = await compute.call('firewalls', 'list', (c) => c.list({ project }));
  return list.some((f) => names.includes(f.name ?? ''));
}

/** Delete rules by name and wait for each. */
export async function deleteFirewalls(compute: Compute, names: readonly string[]): Promise<void> {
  const { project } = compute.s;
  for (const name of names) {
    const [op] = await compute.call('firewalls', 'delete', (c) => c.delete({ project, firewall: name }));
    await compute.waitFor('firewalls.delete', op.latestResponse as { name?: string });
  }
}
