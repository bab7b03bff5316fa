/**
 * The text of the `toil run` progress line: pure functions of the leader's counts and the elapsed time, so they
 * are tested without a terminal. The bar itself is drawn by cli-progress.
 */
// cli-progress is CommonJS without named ESM exports: its default import is module.exports.
import cliProgress, { type GenericFormatter } from 'cli-progress';
import type { LeaderProgress } from '@toil/core';

/** `7s`, `2m05s`, `1h02m`: short enough to keep the line on one row. */
export function formatElapsed(ms: number): string {
  const seconds = Math.floor(ms / 1000);
  if (seconds < 60) return `${seconds}s`;
  const minutes = Math.floor(seconds / 60);
  if (minutes < 60) return `${minutes}m${String(seconds % 60).padStart(2, '0')}s`;
  return `${Math.floor(minutes / 60)}h${String(minutes % 60).padStart(2, '0')}m`;
}

/** Jobs finished per second since the start, one decimal. */
export function formatRate(completed: number, ms: number): string {
  return `${(ms > 0 ? (completed * 1000) / ms : 0).toFixed(1)} jobs/s`;
}

/**
 * Jobs the leader knows of: the total of the bar. The graph is dynamic (jobs add jobs), so the total grows as
 * the workflow unfolds and the bar measures the part known so far.
 */
export function knownJobs(progress: LeaderProgress): number {
  return progress.completed + progress.issued + progress.queued;
}

/**
 * `400 done, 2 running, 600 queued, 0 failed | 1m05s, 6.2 jobs/s`: fits 80 columns with the bar. Queued jobs
 * wait in the batch system's queue (issued, not running) or in the leader's.
 */
export function progressText(progress: LeaderProgress, elapsedMs: number): string {
  const { completed, issued, running, queued, failed } = progress;
  return `${completed} done, ${running} running, ${issued - running + queued} queued, ${failed} failed | ${formatElapsed(elapsedMs)}, ${formatRate(completed, elapsedMs)}`;
}

/** Cut a line to the terminal's width: a wrapped line would break the redraw in place. */
export function fitToWidth(line: string, width: number): string {
  return line.length <= width ? line : `${line.slice(0, Math.max(0, width - 1))}…`;
}

/**
 * The cli-progress formatter of the line: `Toil <bar> <progressText>`, the bar filled by done / known jobs. Elapsed
 * time
 * counts from `startedAt`, not from the bar's own start (the bar restarts around log lines).
 */
export function progressFormatter(startedAt: number, now: () => number = Date.now): GenericFormatter {
  return (options, params, payload: LeaderProgress) =>
    fitToWidth(
      `Toil ${cliProgress.Format.BarFormat(params.progress, options)} ${progressText(payload, now() - startedAt)}`,
      params.maxWidth,
    );
}
