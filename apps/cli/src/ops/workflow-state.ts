import type { JobStore } from '@toil/core/backend';
import { leaderProcessState, readLeaderPid, type LeaderProcessState } from '@toil/core/internal';

/**
 * Where a workflow stands, from its job store and its leader's pid file:
 * - `starting`: a leader runs but has not saved the root job yet;
 * - `never-started`: no root job and no live leader (the leader died while starting);
 * - `running`: the root job remains and the leader runs (`alive` here, or on another host, `elsewhere`, where this
 *   host cannot check);
 * - `stopped`: the root job remains but its leader is gone (the workflow failed, was killed or crashed);
 * - `completed`: the root job is gone, so every job finished.
 */
export type WorkflowState =
  | { kind: 'starting' | 'running'; leader: Exclude<LeaderProcessState, 'gone'>; pid: number; host: string }
  | { kind: 'never-started' | 'stopped'; pid?: number; host?: string }
  | { kind: 'completed' };

/** Read the workflow's state. */
export async function workflowState(store: JobStore): Promise<WorkflowState> {
  const rootId = await store.loadRootJobId();
  if (rootId !== undefined && !(await store.jobExists(rootId))) return { kind: 'completed' };
  const record = await readLeaderPid(store);
  const leader = record ? await leaderProcessState(record) : 'gone';
  const kind =
    rootId === undefined
      ? leader === 'gone'
        ? 'never-started'
        : 'starting'
      : leader === 'gone'
        ? 'stopped'
        : 'running';
  if (kind === 'starting' || kind === 'running')
    return { kind, leader: leader as Exclude<LeaderProcessState, 'gone'>, pid: record!.pid, host: record!.host };
  return { kind, pid: record?.pid, host: record?.host };
}

/** One line for `toil status --printStatus` and messages of other commands. */
export function describeState(state: WorkflowState, locator: string): string {
  const where = 'pid' in state && state.pid !== undefined ? ` (leader pid ${state.pid} on ${state.host})` : '';
  switch (state.kind) {
    case 'completed':
      return `The workflow in ${locator} has COMPLETED: its root job is gone, so every job finished.`;
    case 'running':
      return state.leader === 'alive'
        ? `The workflow in ${locator} is RUNNING${where}.`
        : `The workflow in ${locator} is RUNNING on another host${where}, as far as the job store tells; this host cannot check that process.`;
    case 'starting':
      return `The workflow in ${locator} is STARTING${where}: its leader has not saved the root job yet.`;
    case 'stopped':
      return `The workflow in ${locator} is STOPPED${where}: its leader is not running (it failed, was killed or crashed). Run it again with --restart to resume.`;
    case 'never-started':
      return `The job store ${locator} holds no workflow: its leader stopped before it saved the root job.`;
  }
}
