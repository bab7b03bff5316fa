import type { ActionHandler } from './context.js';
import { Ec2ApiError } from './errors.js';
import { nodes, str, strings, type QueryNode } from './query.js';

/** The `Tag.N.Key` / `Tag.N.Value` list of a request node. */
export function readTags(node: QueryNode | undefined): Map<string, string> {
  return new Map(nodes(node, 'Tag').map((t) => [str(t, 'Key') ?? '', str(t, 'Value') ?? '']));
}

/** CreateTags on instances, security groups and key pairs; an unknown ID is refused before any tag is set. */
export const createTags: ActionHandler = (ctx) => {
  const tags = readTags(ctx.params);
  const targets = strings(ctx.params, 'ResourceId').map((id) => {
    const r =
      ctx.state.instances.get(id) ??
      ctx.state.securityGroups.get(id) ??
      [...ctx.state.keyPairs.values()].find((k) => k.id === id);
    if (!r) throw new Ec2ApiError('InvalidID', `The ID '${id}' is not valid`);
    return r;
  });
  for (const r of targets) for (const [k, v] of tags) r.tags.set(k, v);
  return { return: true };
};
