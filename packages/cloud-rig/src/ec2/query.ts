/**
 * The EC2 Query protocol's request body: `Action=RunInstances&TagSpecification.1.Tag.1.Key=Name&...`, a form
 * whose dotted names spell nested structures and whose numeric parts are 1-based list positions. URLSearchParams
 * decodes the form; the nesting below is ours because no maintained library reads this AWS-specific flattening.
 */
export type QueryValue = string | QueryNode;
/** One level of a parsed request. */
export interface QueryNode {
  [key: string]: QueryValue;
}

/** Parse a form body into nested nodes (lists stay nodes keyed `1`, `2`...; read them with {@link list}). */
export function parseQuery(body: string): QueryNode {
  const root: QueryNode = {};
  for (const [name, value] of new URLSearchParams(body)) {
    const parts = name.split('.');
    let node = root;
    for (const part of parts.slice(0, -1)) {
      const next = node[part];
      if (typeof next === 'object') node = next;
      else node = node[part] = {};
    }
    node[parts[parts.length - 1]!] = value;
  }
  return root;
}

/** A string member, or undefined. */
export function str(node: QueryNode | undefined, key: string): string | undefined {
  const v = node?.[key];
  return typeof v === 'string' ? v : undefined;
}

/** A structure member, or undefined. */
export function sub(node: QueryNode | undefined, key: string): QueryNode | undefined {
  const v = node?.[key];
  return typeof v === 'object' ? v : undefined;
}

/** A list member (`Key.1`, `Key.2`, ...) in order; each entry a string or a structure. */
export function list(node: QueryNode | undefined, key: string): QueryValue[] {
  const v = sub(node, key);
  if (!v) return [];
  return Object.keys(v)
    .filter((k) => /^\d+$/.test(k))
    .sort((a, b) => Number(a) - Number(b))
    .map((k) => v[k]!);
}

/** A list of strings (`InstanceId.1=i-1&InstanceId.2=i-2`). */
export function strings(node: QueryNode | undefined, key: string): string[] {
  return list(node, key).filter((v): v is string => typeof v === 'string');
}

/** A list of structures. */
export function nodes(node: QueryNode | undefined, key: string): QueryNode[] {
  return list(node, key).filter((v): v is QueryNode => typeof v === 'object');
}
