import { GceOptionError } from './errors.js';

/** Label keys every instance of a cluster carries: how its things are found again, and only those. */
export const LABEL_CLUSTER = 'toil-cluster';
/** `leader` or `worker`. */
export const LABEL_NODE_TYPE = 'toil-node-type';
/** A worker's `--nodeTypes` entry, encoded for a label value, so the autoscaler counts nodes per type. */
export const LABEL_NODE_SPEC = 'toil-node-spec';

const KEY = /^[a-z][a-z0-9_-]{0,62}$/;
const VALUE = /^[a-z0-9_-]{0,63}$/;

/** The network tag of a cluster's instances, which its firewall rules target. */
export function networkTag(clusterName: string): string {
  return `toil-${clusterName}`;
}

/**
 * A node type entry as a label value: GCE label values allow only lowercase letters, digits, `_` and `-`, so
 * `.`, `:` and `/` are written `_d`, `_p` and `_s` (none of them has a `_` of its own).
 */
export function encodeNodeSpec(spec: string): string {
  return spec.replaceAll('.', '_d').replaceAll(':', '_p').replaceAll('/', '_s');
}

/** The node type entry back from its label value. */
export function decodeNodeSpec(value: string): string {
  return value.replaceAll('_d', '.').replaceAll('_p', ':').replaceAll('_s', '/');
}

/** Check the user's `-t KEY=VALUE` tags against GCE's label rules (they become labels), in one line. */
export function checkUserLabels(tags: Record<string, string>): Record<string, string> {
  for (const [k, v] of Object.entries(tags)) {
    if (!KEY.test(k) || !VALUE.test(v)) {
      throw new GceOptionError(
        'BAD_LABEL',
        `The tag '${k}=${v}' cannot be a GCE label: keys and values take lowercase letters, digits, '_' and '-' (a key starts with a letter).`,
      );
    }
  }
  return tags;
}

/** The labels of a cluster's instance: defaults, then the user's `-t`, then the ones Toil relies on. */
export function instanceLabels(
  clusterName: string,
  owner: string,
  userTags: Record<string, string>,
  role: 'leader' | 'worker',
  nodeSpec?: string,
): Record<string, string> {
  const ownerValue = owner
    .toLowerCase()
    .replace(/[^a-z0-9_-]/g, '-')
    .slice(0, 63);
  return {
    owner: ownerValue,
    ...userTags,
    [LABEL_CLUSTER]: clusterName,
    [LABEL_NODE_TYPE]: role,
    ...(nodeSpec === undefined ? {} : { [LABEL_NODE_SPEC]: encodeNodeSpec(nodeSpec) }),
  };
}
