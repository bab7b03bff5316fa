import { GceOptionError } from './errors.js';

/** A `--nodeTypes` entry for GCE: machine types in preference order, preemptible when it has `:<bid>`. */
export interface GceNodeType {
  /** The entry as written (`n2-standard-2:0.05`), the autoscaler's name for it. */
  text: string;
  /** The machine types, in preference order (`e2-small`, `n2-standard-2`). */
  machineTypes: string[];
  /**
   * Whether the nodes are preemptible (spot). GCE has no bids: a `:<bid>` entry, Toil's spot syntax, asks for spot
   * VMs, which GCE prices itself; the figure is checked as a number and otherwise not used.
   */
  preemptible: boolean;
  /** The bid as written, kept only to say it is not used. */
  bid?: string;
}

const MACHINE_TYPE = /^[a-z][a-z0-9]*-[a-z0-9-]*[a-z0-9]$/;

/**
 * Parse one node type entry: `e2-small`, `n2-standard-2:0.05` (preemptible), `n2-standard-2/e2-standard-2:0.1`.
 * A malformed bid or a name that is not a GCE machine type (an EC2 name like `t2.small`) is refused here, quoting
 * it, before any request.
 */
export function parseGceNodeType(text: string): GceNodeType {
  const [types = '', bid, extra] = text.split(':');
  if (extra !== undefined || (bid !== undefined && !/^(\d+\.?\d*|\.\d+)$/.test(bid)) || Number(bid) === 0) {
    throw new GceOptionError(
      'MALFORMED_BID',
      `The node type '${text}' has a malformed bid: write TYPE:PRICE with a positive price, e.g. 'e2-small:0.02' (on GCE any bid means a preemptible spot VM at GCE's price).`,
    );
  }
  const machineTypes = types.split('/');
  for (const t of machineTypes) {
    if (!MACHINE_TYPE.test(t)) {
      throw new GceOptionError(
        'MALFORMED_NODE_TYPE',
        `The node type '${text}' is not a GCE machine type list: write e.g. 'e2-medium' or 'n2-standard-2/e2-standard-2:0.05'.`,
      );
    }
  }
  return { text, machineTypes, preemptible: bid !== undefined, bid };
}
