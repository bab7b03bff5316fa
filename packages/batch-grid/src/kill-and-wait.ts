import type { Logger } from '@toil/core/backend';
import { Backoff } from './backoff.js';
import { firstErrorLine, type CommandResult } from './command-runner.js';
import { SchedulerError } from './errors.js';
import type { GridTuning } from './grid-types.js';
import type { SchedulerJobStatus } from './job-status.js';

/** What killing needs from a batch system. */
export interface KillContext {
  kill(ids: readonly string[]): Promise<CommandResult>;
  query(ids: readonly string[]): Promise<Map<string, SchedulerJobStatus>>;
  isTransient(result: CommandResult): boolean;
  tuning: GridTuning;
  log: Logger;
  schedulerName: string;
}

const RECHECK_MS = 250;

/**
 * Kill jobs (retrying while the scheduler is unreachable) and wait until it no longer lists them as queued or
 * running, so their processes are gone when this returns, as Toil's killBatchJobs promises. Gives up waiting after
 * `killWaitMs` with a warning rather than hanging the leader.
 */
export async function killAndWait(schedulerIds: string[], ctx: KillContext): Promise<void> {
  if (!schedulerIds.length) return;
  const { tuning, log, schedulerName } = ctx;
  const deadline = Date.now() + tuning.killWaitMs;
  const backoff = new Backoff(tuning.retryInitialMs, tuning.retryMaxMs);
  for (;;) {
    const result = await ctx.kill(schedulerIds);
    if (result.exitCode === 0 || !ctx.isTransient(result)) break;
    if (Date.now() > deadline)
      throw new SchedulerError(
        `Could not kill ${schedulerName} jobs ${schedulerIds.join(' ')}: ${firstErrorLine(result)}`,
      );
    await new Promise((resolve) => setTimeout(resolve, backoff.fail()));
  }
  let remaining = schedulerIds;
  while (remaining.length && Date.now() < deadline) {
    try {
      const statuses = await ctx.query(remaining);
      remaining = remaining.filter((id) => {
        const phase = statuses.get(id)?.phase;
        return phase === 'queued' || phase === 'running';
      });
    } catch {
      // The scheduler is busy; ask again.
    }
    if (remaining.length) await new Promise((resolve) => setTimeout(resolve, RECHECK_MS));
  }
  if (remaining.length)
    log.warn(`${schedulerName} still lists killed job(s) ${remaining.join(' ')} after ${tuning.killWaitMs / 1000} s.`);
}
