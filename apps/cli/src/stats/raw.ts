/**
 * `toil stats --raw`: the collated figures as JSON, with Toil's key names (`median_time`, `total_memory`,
 * `job_types`, ...) so scripts written for Toil's raw output keep working. Unlimited max cores is null.
 */
import { CATEGORIES, type CollatedStats, type Stat, type Summary } from './collate.js';

const STAT_NAMES: Record<keyof Stat, string> = {
  min: 'min',
  median: 'median',
  average: 'average',
  max: 'max',
  total: 'total',
};

function rawSummary(summary: Summary): Record<string, number | string | null> {
  const out: Record<string, number | string | null> = {
    name: summary.name,
    total_number: summary.count,
    total_cores: summary.cores ?? null,
  };
  for (const category of CATEGORIES) {
    for (const [key, name] of Object.entries(STAT_NAMES))
      out[`${name}_${category}`] = summary[category][key as keyof Stat];
  }
  return out;
}

/** The raw report as an indented JSON document. */
export function formatRawStats(stats: CollatedStats): string {
  const per = stats.jobs.perWorker;
  const doc = {
    batch_system: stats.batchSystem,
    default_cores: stats.defaultCores,
    default_memory: stats.defaultMemory,
    max_cores: Number.isFinite(stats.maxCores) ? stats.maxCores : null,
    total_run_time: stats.totalRunTime,
    total_clock: stats.totalClock,
    worker: rawSummary(stats.worker),
    jobs: {
      ...rawSummary(stats.jobs),
      min_number_per_worker: per.min,
      median_number_per_worker: per.median,
      average_number_per_worker: per.average,
      max_number_per_worker: per.max,
    },
    job_types: Object.fromEntries(stats.jobTypes.map((t) => [t.name, rawSummary(t)])),
  };
  return `${JSON.stringify(doc, null, 4)}\n`;
}
