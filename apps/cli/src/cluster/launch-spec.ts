import { ToilUsageError } from '@toil/core';
import type { ClusterManager } from './cluster-options.js';

/** What launchCluster takes. */
export type LaunchSpec = Parameters<ClusterManager['launchCluster']>[0];

function list(value: unknown): string[] {
  if (value === undefined) return [];
  const items = Array.isArray(value) ? value : [value];
  return items
    .flatMap((v) => String(v).split(','))
    .map((s) => s.trim())
    .filter(Boolean);
}

function positiveInt(option: string, text: string): number {
  const n = Number(text);
  if (!Number.isInteger(n) || n < 0)
    throw new ToilUsageError(`--${option} '${text}' is not a whole number of at least 0.`);
  return n;
}

/** Turn launch-cluster's options into the provisioner's spec; a malformed option is refused in one line. */
export function launchSpec(argv: Record<string, unknown>): LaunchSpec {
  const tags: Record<string, string> = {};
  for (const t of Array.isArray(argv.tag) ? argv.tag : argv.tag === undefined ? [] : [argv.tag]) {
    const text = String(t);
    const eq = text.indexOf('=');
    if (eq <= 0) throw new ToilUsageError(`-t/--tag '${text}' is not KEY=VALUE, e.g. -t Project=genomes.`);
    tags[text.slice(0, eq)] = text.slice(eq + 1);
  }
  const nodeTypes = list(argv.nodeTypes);
  const counts = list(argv.workers).map((c) => positiveInt('workers', c));
  if (counts.length > 0 && counts.length !== nodeTypes.length) {
    throw new ToilUsageError(
      `-w/--workers '${list(argv.workers).join(',')}' gives ${counts.length} counts for ${nodeTypes.length} --nodeTypes: give one count per node type.`,
    );
  }
  const overrides: Record<string, number> = {};
  for (const entry of list(argv.nodeStorageOverrides)) {
    const [type, gb] = entry.split(':');
    if (!type || gb === undefined) {
      throw new ToilUsageError(`--nodeStorageOverrides entry '${entry}' is not TYPE:GB, e.g. c5.large:100.`);
    }
    overrides[type] = positiveInt('nodeStorageOverrides', gb);
  }
  return {
    leaderNodeType: String(argv.leaderNodeType),
    keyPairName: String(argv.keyPairName),
    tags,
    leaderStorage: Number(argv.leaderStorage),
    nodeStorage: Number(argv.nodeStorage),
    nodeStorageOverrides: overrides,
    workers: counts.map((count, i) => ({ nodeType: nodeTypes[i]!, count })).filter((w) => w.count > 0),
    vpcSubnet: typeof argv.vpcSubnet === 'string' ? argv.vpcSubnet : undefined,
    instanceProfileArn: typeof argv.awsEc2ProfileArn === 'string' ? argv.awsEc2ProfileArn : undefined,
    extraSecurityGroupIds: list(argv.awsEc2ExtraSecurityGroupId),
  };
}
