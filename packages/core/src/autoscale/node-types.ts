import { InvalidValueError } from '../errors.js';

/**
 * The values of the autoscaling options that need more than a number: `--nodeTypes`, `--minNodes/--maxNodes` and
 * `--nodeStorageOverrides`, parsed once into typed values (and refused in one line naming the bad part).
 */

/** One entry of `--nodeTypes`: interchangeable instance types, and a spot bid that makes it preemptible. */
export interface NodeTypeSpec {
  /** The entry as written (`'c5.4xlarge/c5a.4xlarge:0.42'`): the name the provisioner and the logs use. */
  name: string;
  /** The instance types any of which may be started for it (`['c5.4xlarge', 'c5a.4xlarge']`). */
  instanceTypes: string[];
  /** Spot bid in dollars per hour; set exactly when the node type is preemptible. */
  bid?: number;
}

/** An instance type name as the clouds write them: `t2.large`, `n1-standard-8`, `Standard_D2s_v3`. */
const INSTANCE_TYPE = /^[A-Za-z0-9][A-Za-z0-9._-]*$/;
/** A bid in dollars: `0.42`, `1`, `.5`. */
const BID = /^(?:\d+(?:\.\d*)?|\.\d+)$/;
const EXAMPLE =
  "write node types like 'c5.4xlarge/c5a.4xlarge:0.42,t2.large' (instance types joined by '/', ':bid' for spot)";

/** Parse `--nodeTypes`: comma-separated node types, each slash-separated instance types with an optional `:bid`. */
export function parseNodeTypes(text: string): NodeTypeSpec[] {
  if (text.trim() === '') return [];
  return text.split(',').map((raw) => {
    const entry = raw.trim();
    const parts = entry.split(':');
    if (parts.length > 2)
      throw new InvalidValueError('--nodeTypes entry', entry, `only one ':bid' is allowed; ${EXAMPLE}`);
    const [types, bidText] = parts;
    const instanceTypes = types.split('/').map((t) => t.trim());
    const badType = instanceTypes.find((t) => !INSTANCE_TYPE.test(t));
    if (badType !== undefined)
      throw new InvalidValueError('--nodeTypes entry', entry, `'${badType}' is not an instance type name; ${EXAMPLE}`);
    if (bidText === undefined) return { name: entry, instanceTypes };
    const bid = Number(bidText);
    if (!BID.test(bidText.trim()) || !(bid > 0))
      throw new InvalidValueError(
        '--nodeTypes bid',
        entry,
        'a spot bid is a positive price in dollars per hour, like :0.42',
      );
    return { name: entry, instanceTypes, bid };
  });
}

/**
 * Parse `--minNodes`/`--maxNodes`: comma-separated whole counts, one per node type (`'0,2'`), or one number.
 * `option` names the flag in errors.
 */
export function parseNodeCounts(option: string, text: string | number): number[] {
  const parts = typeof text === 'number' ? [String(text)] : text.split(',').map((s) => s.trim());
  if (parts.length === 1 && parts[0] === '') return [];
  return parts.map((part) => {
    const n = Number(part);
    if (part === '' || !Number.isInteger(n) || n < 0)
      throw new InvalidValueError(
        option,
        text,
        `'${part}' is not a whole number of nodes; give one count per node type, like 0,2`,
      );
    return n;
  });
}

/** Parse `--nodeStorageOverrides`: comma-separated `instanceType:GB` entries (`'r5.xlarge:200,c5.large:80'`). */
export function parseNodeStorageOverrides(text: string): Record<string, number> {
  const overrides: Record<string, number> = {};
  if (text.trim() === '') return overrides;
  for (const raw of text.split(',')) {
    const entry = raw.trim();
    const match = /^([^:\s]+):(\d+)$/.exec(entry);
    if (!match || !INSTANCE_TYPE.test(match[1]) || Number(match[2]) < 1)
      throw new InvalidValueError(
        '--nodeStorageOverrides entry',
        entry,
        "write instanceType:GB entries like 'r5.xlarge:200,c5.large:80'",
      );
    overrides[match[1]] = Number(match[2]);
  }
  return overrides;
}

/**
 * The per-node-type bounds: `--minNodes` has one entry per node type (missing ones are 0), `--maxNodes` too, its
 * first value standing in for missing ones (Toil's rule). More entries than node types, or a minimum above its
 * maximum, is an error.
 */
export function nodeBounds(
  nodeTypes: readonly NodeTypeSpec[],
  minNodes: readonly number[],
  maxNodes: readonly number[],
): { min: number[]; max: number[] } {
  for (const [option, list] of [
    ['--minNodes', minNodes],
    ['--maxNodes', maxNodes],
  ] as const) {
    // A lone default (maxNodes 10) applies to whatever node types there are.
    if (list.length > Math.max(1, nodeTypes.length))
      throw new InvalidValueError(
        option,
        list.join(','),
        `it has ${list.length} counts for ${nodeTypes.length} node type(s) in --nodeTypes; give at most one per node type`,
      );
  }
  const min = nodeTypes.map((_, i) => minNodes[i] ?? 0);
  const max = nodeTypes.map((_, i) => maxNodes[i] ?? maxNodes[0] ?? 10);
  nodeTypes.forEach((type, i) => {
    if (min[i] > max[i])
      throw new InvalidValueError(
        '--minNodes',
        minNodes.join(','),
        `node type '${type.name}' would have at least ${min[i]} but at most ${max[i]} nodes; raise --maxNodes or lower --minNodes`,
      );
  });
  return { min, max };
}

/** The root volume, in GB, of nodes of this instance type: its `--nodeStorageOverrides` entry, else `--nodeStorage`. */
export function nodeStorageGB(
  config: { nodeStorage: number; nodeStorageOverrides: Readonly<Record<string, number>> },
  instanceType: string,
): number {
  return config.nodeStorageOverrides[instanceType] ?? config.nodeStorage;
}
