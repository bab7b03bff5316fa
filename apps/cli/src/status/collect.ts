/**
 * Gather the jobs of a workflow for `toil status`: walk the job graph from the root (successors and service
 * hosts), as Toil does, so orphans of crashed workers are not counted. Jobs may finish (and vanish) during the
 * walk when the workflow runs; those are skipped.
 */
import type { JobDescription, JobStore } from '@toil/core/backend';

/** Job-store reads in flight at once. */
const READ_LANES = 32;

/** Toil's per-job flags (the names `--printPerJobStats` prints), plus FAILED for jobs out of tries. */
export type JobProperty = 'HAS_CHILDREN' | 'READY_TO_RUN' | 'IS_ZOMBIE' | 'HAS_SERVICES' | 'IS_SERVICE' | 'FAILED';

/** One job as `toil status` reports it. */
export interface JobReport {
  desc: JobDescription;
  /** Successors still in the store, by batch (0 = children, 1 = follow-ons): the part of the graph left to run. */
  pending: string[][];
  properties: Set<JobProperty>;
}

async function loadAll(store: JobStore, ids: readonly string[]): Promise<(JobDescription | undefined)[]> {
  const out: (JobDescription | undefined)[] = [];
  for (let i = 0; i < ids.length; i += READ_LANES)
    out.push(...(await Promise.all(ids.slice(i, i + READ_LANES).map((id) => store.tryLoad(id)))));
  return out;
}

/** Every job reachable from `rootId`, breadth first (iterative, so a deep chain cannot overflow the stack). */
export async function traverseJobGraph(store: JobStore, rootId: string): Promise<JobDescription[]> {
  const found = new Map<string, JobDescription>();
  let frontier = [rootId];
  while (frontier.length) {
    const next: string[] = [];
    for (const desc of await loadAll(store, frontier)) {
      if (!desc || found.has(desc.id)) continue;
      found.set(desc.id, desc);
      for (const id of [...desc.successors.flat(), ...desc.services.map((s) => s.hostId)])
        if (!found.has(id)) next.push(id);
    }
    frontier = [...new Set(next)];
  }
  return [...found.values()];
}

/** The jobs named by `--jobs`; a missing one is an error that names it. */
export async function loadJobs(
  store: JobStore,
  ids: readonly string[],
): Promise<{ jobs: JobDescription[]; missing: string[] }> {
  const loaded = await loadAll(store, ids);
  return {
    jobs: loaded.filter((d): d is JobDescription => d !== undefined),
    missing: ids.filter((_, i) => !loaded[i]),
  };
}

/**
 * Classify a job the way Toil does: with successors left it "has children"; without, it is "ready to run" while
 * its body has not run, and a "zombie" (done, waiting to be deleted) after. `exists` tells which successors are
 * still stored: a done job keeps its successor list after they finish.
 */
export function classify(desc: JobDescription, exists: (id: string) => boolean): JobReport {
  const pending = desc.successors.map((batch) => batch.filter(exists));
  const properties = new Set<JobProperty>();
  if (pending.some((batch) => batch.length)) properties.add('HAS_CHILDREN');
  else properties.add(desc.done ? 'IS_ZOMBIE' : 'READY_TO_RUN');
  if (desc.services.length) properties.add('HAS_SERVICES');
  if (desc.service) properties.add('IS_SERVICE');
  if (!desc.done && desc.remainingTries <= 0) properties.add('FAILED');
  return { desc, pending, properties };
}

/** The counts of Toil's summary sentence, plus failed jobs. */
export interface StatusCounts {
  considered: number;
  withChildren: number;
  readyToRun: number;
  zombies: number;
  withServices: number;
  services: number;
  withLogFiles: number;
  failed: number;
}

/** Count the reports. */
export function countJobs(reports: readonly JobReport[]): StatusCounts {
  const has = (p: JobProperty) => reports.filter((r) => r.properties.has(p)).length;
  return {
    considered: reports.length,
    withChildren: has('HAS_CHILDREN'),
    readyToRun: has('READY_TO_RUN'),
    zombies: has('IS_ZOMBIE'),
    withServices: has('HAS_SERVICES'),
    services: has('IS_SERVICE'),
    withLogFiles: reports.filter((r) => r.desc.logFileId !== undefined).length,
    failed: has('FAILED'),
  };
}
