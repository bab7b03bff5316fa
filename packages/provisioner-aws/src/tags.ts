/** Tag keys every resource of a cluster carries: how the cluster's things are found again, and only those. */
export const TAG_CLUSTER = 'ToilClusterName';
/** `leader` or `worker`. */
export const TAG_NODE_TYPE = 'ToilNodeType';
/** A worker's `--nodeTypes` entry, so the autoscaler can count nodes per type. */
export const TAG_NODE_SPEC = 'ToilNodeTypeSpec';

/** The tags of a cluster's instance: defaults, then the user's `-t`, then the ones Toil relies on. */
export function instanceTags(
  clusterName: string,
  keyPairName: string,
  userTags: Record<string, string>,
  role: 'leader' | 'worker',
  nodeSpec?: string,
): Array<{ Key: string; Value: string }> {
  const tags: Record<string, string> = {
    Name: clusterName,
    Owner: keyPairName,
    ...userTags,
    [TAG_CLUSTER]: clusterName,
    [TAG_NODE_TYPE]: role,
  };
  if (nodeSpec !== undefined) tags[TAG_NODE_SPEC] = nodeSpec;
  return Object.entries(tags).map(([Key, Value]) => ({ Key, Value }));
}
