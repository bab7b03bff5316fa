/**
 * Collate `--stats` records into the summaries `toil stats` prints: one for worker runs, one for all jobs (with
 * jobs per worker run), and one per job type (display name). Medians are the upper middle element, as Toil's.
 */
import type { JobStatRecord, StatsRecords } from './records.js';

/** The figures of one column group. */
export interface Stat {
  min: number;
  median: number;
  average: number;
  max: number;
  total: number;
}

/** Column groups of the report, in the order they print. */
export const CATEGORIES = ['time', 'clock', 'wait', 'memory'] as const;
/** A column group: wall time, CPU time, wall minus CPU, peak memory (KiB). */
export type Category = (typeof CATEGORIES)[number];

/** Summary of a set of worker runs or jobs. */
export interface Summary extends Record<Category, Stat> {
  /** Job type name, `worker` or `jobs`. */
  name: string;
  count: number;
  /** Total requested cores, or undefined when the records do not say. */
  cores: number | undefined;
}

/** Jobs per worker run (a worker runs one job plus the ones it chains). */
export interface PerWorker {
  min: number;
  median: number;
  average: number;
  max: number;
}

/** Workflow settings the header shows. */
export interface StatsHeader {
  batchSystem: string;
  defaultCores: number;
  /** Bytes. */
  defaultMemory: number;
  /** Infinity when unlimited. */
  maxCores: number;
}

/** Everything `toil stats` reports. */
export interface CollatedStats extends StatsHeader {
  /** Wall seconds of every finished leader run, added up. */
  totalRunTime: number;
  /** CPU seconds of the leaders and all worker runs. */
  totalClock: number;
  worker: Summary;
  jobs: Summary & { perWorker: PerWorker };
  jobTypes: Summary[];
}

function stat(values: number[]): Stat {
  const sorted = values.length ? [...values].sort((a, b) => a - b) : [0];
  const total = sorted.reduce((a, b) => a + b, 0);
  return {
    min: sorted[0],
    median: sorted[sorted.length >> 1],
    average: total / sorted.length,
    max: sorted[sorted.length - 1],
    total,
  };
}

/** Summarize items with wall time, CPU time and memory (wait = wall − CPU, negative when a job used several cores). */
export function summarize(
  name: string,
  items: readonly { time: number; clock: number; memory: number; cores?: number }[],
): Summary {
  const known = items.length > 0 && items.every((i) => i.cores !== undefined);
  return {
    name,
    count: items.length,
    cores: known ? items.reduce((a, i) => a + (i.cores ?? 0), 0) : undefined,
    time: stat(items.map((i) => i.time)),
    clock: stat(items.map((i) => i.clock)),
    wait: stat(items.map((i) => i.time - i.clock)),
    memory: stat(items.map((i) => i.memory)),
  };
}

/** Collate records; `header` comes from the workflow's config (Toil reads it from there too). */
export function collate(header: StatsHeader, records: StatsRecords): CollatedStats {
  const jobs: JobStatRecord[] = records.workers.flatMap((w) => w.jobs);
  const perWorker = stat(records.workers.map((w) => w.jobs.length));
  const byType = new Map<string, JobStatRecord[]>();
  for (const job of jobs) {
    const list = byType.get(job.name);
    if (list) list.push(job);
    else byType.set(job.name, [job]);
  }
  const workerClock = records.workers.reduce((a, w) => a + w.clock, 0);
  return {
    ...header,
    totalRunTime: records.workflows.reduce((a, w) => a + w.runtime, 0),
    totalClock: records.workflows.reduce((a, w) => a + w.leaderClock, 0) + workerClock,
    worker: summarize('worker', records.workers),
    jobs: {
      ...summarize('jobs', jobs),
      perWorker: { min: perWorker.min, median: perWorker.median, average: perWorker.average, max: perWorker.max },
    },
    jobTypes: [...byType].map(([name, list]) => summarize(name, list)),
  };
}
