import { SchedulerError } from '@toil/batch-grid';
import type { JobAd } from './htcondor-states.js';

/** The cluster ID from condor_submit's `1 job(s) submitted to cluster 42.` line (one job per cluster here). */
export function parseSubmitOutput(stdout: string): string {
  const cluster = /\d+ job\(s\) submitted to cluster (\d+)\./.exec(stdout)?.[1];
  if (!cluster)
    throw new SchedulerError(
      `condor_submit printed no "job(s) submitted to cluster <id>." line: ${JSON.stringify(stdout.trim().slice(0, 200))}`,
    );
  return cluster;
}

/**
 * Job ads from `condor_q -json` or `condor_history -json`: a JSON array of ads, or nothing at all when no job
 * matched. Ads without a numeric ClusterId and JobStatus are skipped; anything but JSON is a SchedulerError.
 */
export function parseAds(stdout: string, command: string): JobAd[] {
  if (!stdout.trim()) return [];
  let parsed: unknown;
  try {
    parsed = JSON.parse(stdout);
  } catch {
    throw new SchedulerError(
      `${command} -json printed something that is not JSON: ${JSON.stringify(stdout.trim().slice(0, 200))}`,
    );
  }
  if (!Array.isArray(parsed))
    throw new SchedulerError(
      `${command} -json printed no list of job ads: ${JSON.stringify(stdout.trim().slice(0, 200))}`,
    );
  return parsed.filter((ad): ad is JobAd => typeof ad?.ClusterId === 'number' && typeof ad?.JobStatus === 'number');
}
