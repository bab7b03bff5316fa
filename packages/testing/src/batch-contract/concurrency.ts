/** When one job ran: milliseconds since the epoch, as the job itself recorded them. */
export interface Run {
  start: number;
  end: number;
}

/**
 * The most runs in progress at one instant: a sweep over start (+1) and end (-1) events in time order. A run that
 * ends at the instant another starts does not overlap it (ends sort before starts at equal times).
 */
export function maxConcurrency(runs: readonly Run[]): number {
  const events = runs
    .flatMap((r) => [[r.start, 1] as const, [r.end, -1] as const])
    .sort((a, b) => a[0] - b[0] || a[1] - b[1]);
  let current = 0;
  let max = 0;
  for (const [, delta] of events) max = Math.max(max, (current += delta));
  return max;
}
