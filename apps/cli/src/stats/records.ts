/**
 * The `--stats` records in a job store's stats/logging channel, validated with zod: workers append one record
 * per run (per-job wall time, CPU time, memory, requested cores) and the leader one per finished run.
 */
import { z } from 'zod';
import type { JobStore, Logger } from '@toil/core/backend';

const JobStatSchema = z.object({
  name: z.string(),
  time: z.number(),
  clock: z.number(),
  memory: z.number(),
  /** Absent in records written before requested cores were recorded: the report then omits "Total Cores". */
  cores: z.number().optional(),
});

const WorkerSchema = z.object({ time: z.number(), clock: z.number(), memory: z.number() });

const WorkflowSchema = z.object({
  batchSystem: z.string(),
  defaultCores: z.number(),
  defaultMemory: z.number(),
  /** null = unlimited (JSON has no Infinity). */
  maxCores: z.number().nullable(),
  runtime: z.number(),
  leaderClock: z.number().default(0),
});

const BlobSchema = z.object({
  jobs: z.array(JobStatSchema).optional(),
  worker: WorkerSchema.optional(),
  workflow: WorkflowSchema.optional(),
});

/** One job's figures. */
export type JobStatRecord = z.infer<typeof JobStatSchema>;
/** One worker run: its totals and the jobs it ran (one, or a chain). */
export type WorkerRecord = z.infer<typeof WorkerSchema> & { jobs: JobStatRecord[] };
/** One leader run that finished (a restarted workflow has one per attempt that finished). */
export type WorkflowRecord = z.infer<typeof WorkflowSchema>;

/** Every stats record of a workflow. */
export interface StatsRecords {
  workers: WorkerRecord[];
  workflows: WorkflowRecord[];
}

/** Sort one parsed blob into `into`; blobs with only log messages carry no stats. */
export function addBlob(into: StatsRecords, blob: unknown): boolean {
  const parsed = BlobSchema.safeParse(blob);
  if (!parsed.success) return false;
  const { jobs, worker, workflow } = parsed.data;
  if (worker) into.workers.push({ ...worker, jobs: jobs ?? [] });
  if (workflow) into.workflows.push(workflow);
  return true;
}

/**
 * Read every stats record, also those read before. Note that the store marks blobs as read, so do this only
 * when no leader is draining the channel (it would miss the log messages in them).
 */
export async function readStatsRecords(store: JobStore, log: Logger): Promise<StatsRecords> {
  const records: StatsRecords = { workers: [], workflows: [] };
  let skipped = 0;
  await store.readStatsAndLogging((text) => {
    let blob: unknown;
    try {
      blob = JSON.parse(text);
    } catch {
      blob = undefined;
    }
    if (!addBlob(records, blob)) skipped++;
  }, true);
  if (skipped) log.warn(`Skipped ${skipped} stats record(s) that are not valid JSON or not in the expected shape.`);
  return records;
}
