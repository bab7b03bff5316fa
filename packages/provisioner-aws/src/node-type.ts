import { ClusterOptionError } from './errors.js';

/** A `--nodeTypes` entry: one or more interchangeable instance types, with a spot bid when it has `:bid`. */
export interface NodeTypeSpec {
  /** The entry as written (`c5.4xlarge/c5a.4xlarge:0.42`), the autoscaler's name for it. */
  text: string;
  /** The instance types, in preference order. */
  instanceTypes: string[];
  /** The spot bid in USD per hour as written (`'0.42'`); undefined for on-demand. */
  bid?: string;
}

const INSTANCE_TYPE = /^[a-z][a-z0-9-]*\.[a-z0-9]+$/;

/**
 * Parse one node type entry (Toil's syntax): `t2.large`, `t2.large:0.05`, `c5.4xlarge/c5a.4xlarge:0.42`. A bid
 * must be a positive decimal; anything else is refused here, quoting it, before a request is made.
 */
export function parseNodeType(text: string): NodeTypeSpec {
  const [types = '', bid, extra] = text.split(':');
  if (extra !== undefined || (bid !== undefined && !/^(\d+\.?\d*|\.\d+)$/.test(bid)) || Number(bid) === 0) {
    throw new ClusterOptionError(
      'MALFORMED_BID',
      `The node type '${text}' has a malformed spot bid: write TYPE:PRICE with the price in USD per hour, e.g. 't2.large:0.05'.`,
    );
  }
  const instanceTypes = types.split('/');
  for (const t of instanceTypes) {
    if (!INSTANCE_TYPE.test(t)) {
      throw new ClusterOptionError(
        'MALFORMED_NODE_TYPE',
        `The node type '${text}' is not an instance type list: write e.g. 't2.large' or 'c5.large/c5a.large:0.05'.`,
      );
    }
  }
  return { text, instanceTypes, bid };
}

/** Parse a comma-separated `--nodeTypes` list. */
export function parseNodeTypes(list: string): NodeTypeSpec[] {
  return list
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean)
    .map(parseNodeType);
}
