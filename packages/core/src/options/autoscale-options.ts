import { resolve } from 'node:path';
import { InvalidValueError } from '../errors.js';
import { nodeBounds, parseNodeCounts, parseNodeStorageOverrides, parseNodeTypes } from '../autoscale/node-types.js';
import type { WorkflowConfig } from './config.js';
import type { OptionSpec } from './spec.js';

/**
 * Toil's autoscaling options ("Toil options for autoscaling the cluster of worker nodes"), with its names and
 * defaults. They do something only with `--provisioner`: the leader's autoscaler (`src/autoscale/`) reads them.
 * Kept out of `schema.ts` so that table stays one screenful per group.
 */

/** Text of a list option given as text, a number or (by an embedding program) an array. */
function listText(value: unknown, what: string, example: string): string {
  if (Array.isArray(value)) return value.map(String).join(',');
  if (typeof value === 'string' || typeof value === 'number') return String(value);
  throw new InvalidValueError(what, value, `use text like '${example}'`);
}

/** The autoscaling options, in help order. */
export const AUTOSCALE_OPTIONS: readonly OptionSpec[] = [
  {
    name: 'provisioner',
    aliases: ['p'],
    type: 'string',
    group: 'autoscaling',
    help: "The provisioner for cluster autoscaling, by plugin name (aws, gce, or an installed toil-plugin-* package's). Without it the workflow runs on the nodes the batch system has, and the other options of this group do nothing.",
    validate: (v) => /^[a-z][\w-]*$/i.test(v as string) || 'give a provisioner name such as aws or gce',
  },
  {
    name: 'nodeTypes',
    type: 'string',
    group: 'autoscaling',
    default: [],
    defaultLabel: 'none',
    help: "Comma-separated node types the autoscaler may start, each slash-separated instance types treated interchangeably with an optional ':bid' (a spot bid in $/hour, which makes the node type preemptible). 'c5.4xlarge/c5a.4xlarge:0.42,t2.large' bids $0.42/hour for either c5 type and buys t2.large at full price. The same instance type may appear both with and without a bid.",
    parse: (v, what) => parseNodeTypes(listText(v, what, 'c5.4xlarge:0.42,t2.large')),
  },
  {
    name: 'minNodes',
    type: 'string',
    group: 'autoscaling',
    default: [],
    defaultLabel: '0 for each node type',
    help: 'Minimum number of nodes of each node type, as a comma-separated list in the order of --nodeTypes; missing entries are 0.',
    parse: (v, what) => parseNodeCounts(what, listText(v, what, '0,2')),
  },
  {
    name: 'maxNodes',
    type: 'string',
    group: 'autoscaling',
    default: [10],
    defaultLabel: '10',
    help: 'Maximum number of nodes of each node type, as a comma-separated list in the order of --nodeTypes; the first value stands in for missing entries.',
    parse: (v, what) => parseNodeCounts(what, listText(v, what, '5,1')),
  },
  {
    name: 'targetTime',
    type: 'number',
    moreThan: 0,
    group: 'autoscaling',
    default: 1800,
    help: 'Seconds within which the autoscaler aims to have every queued job finish; shorter means more nodes sooner.',
  },
  {
    name: 'betaInertia',
    type: 'number',
    min: 0,
    group: 'autoscaling',
    default: 0.1,
    help: 'Smoothing of the estimated node count (an exponentially weighted moving average) against oscillation: 0.0 none, 0.9 so much that few changes are ever made. Between 0.0 and 0.9.',
    validate: (v) => (v as number) <= 0.9 || 'use a number from 0.0 to 0.9',
  },
  {
    name: 'scaleInterval',
    type: 'number',
    moreThan: 0,
    group: 'autoscaling',
    default: 60,
    help: 'Seconds between two checks of whether the cluster should grow or shrink.',
  },
  {
    name: 'preemptibleCompensation',
    aliases: ['preemptableCompensation'],
    type: 'number',
    min: 0,
    group: 'autoscaling',
    default: 0,
    help: 'How far non-preemptible nodes of a node type replace preemptible ones that could not be started: 0.0 not at all, 0.5 one for every two missing, 1.0 one for one. Between 0.0 and 1.0.',
    validate: (v) => (v as number) <= 1 || 'use a number from 0.0 to 1.0',
  },
  {
    name: 'nodeStorage',
    type: 'number',
    integer: true,
    min: 1,
    group: 'autoscaling',
    default: 50,
    help: 'Root volume of worker nodes, in GB: the disk jobs on them can use.',
  },
  {
    name: 'nodeStorageOverrides',
    type: 'string',
    group: 'autoscaling',
    default: {},
    defaultLabel: 'none',
    help: "Comma-separated instanceType:GB entries that replace --nodeStorage for those instance types, e.g. 'r5.xlarge:200'.",
    parse: (v, what) => parseNodeStorageOverrides(listText(v, what, 'r5.xlarge:200')),
  },
  {
    name: 'nodeBootTimeout',
    type: 'number',
    moreThan: 0,
    group: 'autoscaling',
    default: 600,
    help: 'Seconds a new worker node has to join the batch system (boot, install, start its scheduler daemon). A node that has not joined by then is reported, terminated and replaced if still needed: its boot failed or hangs.',
  },
  {
    name: 'clusterStats',
    type: 'string',
    optionalValue: true,
    group: 'autoscaling',
    bareValue: (ctx) => ctx.cwd,
    help: "Write the autoscaler's view of the cluster (nodes and their use per node type, each scaling decision) as JSON to a file in this directory (the current directory when the flag is given alone) when the workflow ends. Only with --provisioner.",
    normalize: (v, ctx) => resolve(ctx.cwd, v as string),
  },
];

/**
 * Rules across the autoscaling options, checked when options are parsed so a bad combination fails before anything
 * is written: `--provisioner` needs `--nodeTypes`, the count lists fit the node types and no minimum exceeds its
 * maximum. Without a provisioner, node types alone are refused as well: they would silently do nothing.
 */
export function checkAutoscaleConfig(config: WorkflowConfig): void {
  const nodeTypes = config.nodeTypes ?? [];
  if (config.provisioner === undefined) {
    if (nodeTypes.length)
      throw new InvalidValueError(
        '--nodeTypes',
        nodeTypes.map((t) => t.name).join(','),
        'node types are for the autoscaler, which needs --provisioner (e.g. --provisioner aws)',
      );
    return;
  }
  if (!nodeTypes.length)
    throw new InvalidValueError(
      '--provisioner',
      config.provisioner,
      "the autoscaler needs --nodeTypes to know what to start, e.g. --nodeTypes t2.large or 'c5.large:0.05,t2.large'",
    );
  nodeBounds(nodeTypes, config.minNodes ?? [], config.maxNodes ?? [10]);
}
