import { firstErrorLine, SchedulerError, type CommandResult } from '@toil/batch-grid';

/**
 * Slurm's node records, for the autoscaler's fault checks. Workers of a cloud cluster join as dynamic nodes
 * (`slurmd -Z`), which Slurm marks `DYNAMIC_NORM` in their state; a dynamic node whose machine is gone stays in
 * `sinfo` (and keeps its jobs `RUNNING`) until SlurmdTimeout, then stays there DOWN. Forgetting it sets it DOWN at
 * once, so its jobs end as NODE_FAIL (lost, retried by the leader), then deletes the record. Nodes written in
 * slurm.conf are never touched: on a shared Slurm they belong to someone else.
 */

/** Runs one Slurm client command. */
export type RunSlurm = (argv: readonly string[]) => Promise<CommandResult>;

/** What `scontrol show node` prints for a node name it does not have. */
const UNKNOWN_NODE = /Invalid node name|not found/i;

/** The reason a forgotten node carries in its last moments (`scontrol show node`). */
export const GONE_REASON = 'toil-autoscaler-machine-gone';

/** Node names and states from `scontrol -o show node` (one node per line, `NodeName=... State=...`). */
export function parseNodeStates(stdout: string): Map<string, string> {
  const nodes = new Map<string, string>();
  for (const line of stdout.split('\n')) {
    const name = /(?:^|\s)NodeName=(\S+)/.exec(line)?.[1];
    const state = /(?:^|\s)State=(\S+)/.exec(line)?.[1];
    if (name && state) nodes.set(name, state);
  }
  return nodes;
}

/** Whether a state (`IDLE+DYNAMIC_NORM`, `DOWN+DYNAMIC_NORM+NOT_RESPONDING`) is a dynamic node's. */
export function isDynamic(state: string): boolean {
  return /(^|\+)DYNAMIC_NORM(\+|$)/.test(state);
}

/** Every node by name, and the dynamic ones among them. */
export async function listSlurmNodes(
  run: RunSlurm,
): Promise<{ joined: ReadonlySet<string>; dynamic: ReadonlySet<string> }> {
  const result = await run(['scontrol', '-o', 'show', 'node']);
  if (result.exitCode !== 0 && !/no nodes in the system/i.test(`${result.stdout}${result.stderr}`))
    throw new SchedulerError(`scontrol show node failed: ${firstErrorLine(result)}`);
  const states = parseNodeStates(result.stdout);
  return {
    joined: new Set(states.keys()),
    dynamic: new Set([...states].filter(([, state]) => isDynamic(state)).map(([name]) => name)),
  };
}

/**
 * Forget a dynamic node whose machine is gone: DOWN (its jobs end as NODE_FAIL), then delete. True when the
 * record is gone (or was never there); false for a node of slurm.conf, or while Slurm still holds jobs on it.
 */
export async function forgetSlurmNode(run: RunSlurm, name: string): Promise<boolean> {
  const shown = await run(['scontrol', '-o', 'show', 'node', name]);
  if (shown.exitCode !== 0 && UNKNOWN_NODE.test(`${shown.stdout}${shown.stderr}`)) return true;
  if (shown.exitCode !== 0) throw new SchedulerError(`scontrol show node ${name} failed: ${firstErrorLine(shown)}`);
  const state = parseNodeStates(shown.stdout).get(name);
  if (state === undefined) return true;
  if (!isDynamic(state)) return false;
  if (!/(^|\+)DOWN(\+|$)/.test(state)) {
    const down = await run(['scontrol', 'update', `NodeName=${name}`, 'State=DOWN', `Reason=${GONE_REASON}`]);
    if (down.exitCode !== 0 && !UNKNOWN_NODE.test(`${down.stdout}${down.stderr}`))
      throw new SchedulerError(`scontrol could not set node ${name} DOWN: ${firstErrorLine(down)}`);
  }
  const deleted = await run(['scontrol', 'delete', `NodeName=${name}`]);
  // Slurm refuses to delete a node while its jobs are still ending; the next check tries again.
  return deleted.exitCode === 0 || UNKNOWN_NODE.test(`${deleted.stdout}${deleted.stderr}`);
}
