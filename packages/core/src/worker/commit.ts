import { encode, encodeEnvelope } from '../codec/codec.js';
import { JobGraphError } from '../errors.js';
import type { JobDescription, PromiseTarget } from '../jobstore/description.js';
import type { JobStore } from '../jobstore/jobstore.js';
import type { GraphBuilder } from '../job/builder.js';
import {
  fillPromiseMarkers,
  mustRunBefore,
  validateGraph,
  type PendingJob,
  type PendingService,
} from '../job/graph.js';
import { Rv, selectPath } from '../job/promise.js';
import { RESOLVE_JOB } from '../job/builtins.js';
import { mapLimit } from '../util/concurrency.js';

const IO_LANES = 64;

/** What committing a run produced. */
export interface CommitResult {
  /** The job's description after the commit, or undefined when the job had no successors and was deleted. */
  job: JobDescription | undefined;
  /** Descriptions of the jobs the run created, by ID (lets the worker chain without reloading). */
  created: Map<string, JobDescription>;
}

/**
 * Save what a run produced, in an order that keeps the job store consistent if the process dies at any point:
 * 1. new job descriptions and promise files (unreachable until step 3, so a crash leaves only orphans that
 *    the restart clean-up deletes);
 * 2. the job's return value into the files of the promises made on it (rewritten if the job reruns);
 * 3. one atomic update of the job itself (done, successors), or its deletion when nothing follows it.
 */
export async function commitRun(
  store: JobStore,
  job: JobDescription,
  builder: GraphBuilder,
  result: unknown,
  retryCount: number,
): Promise<CommitResult> {
  const jobs = builder.jobs;
  // A value with promises inside it is resolved by a follow-on that takes it as its argument.
  if (!Rv.is(result) && containsPromise(result, job.displayName)) {
    result = builder.rv(addResolver(builder, result), []);
  }
  const services = collectServices(builder.top, jobs);
  validateGraph(builder.top, jobs, builder.hasExtraEdges, new Map([...services].map(([id, s]) => [id, s.client])));
  const returned = Rv.is(result) ? result : undefined;
  // Encode the return value before writing anything, so a non-encodable result fails cleanly.
  if (!returned) encode(result, `the return value of '${job.displayName}'`);

  allocatePromiseFiles(store, jobs, services);

  if (returned) {
    // Returning a promise: pass our own promise targets on to the promising job, narrowed to its path.
    const promisor = jobs.find((j) => j.id === returned.promisorTempId) ?? services.get(returned.promisorTempId);
    if (!promisor)
      throw new JobGraphError(
        `Job '${job.displayName}' returned a promise of a job it did not create; return rv() of a job added in this run.`,
      );
    promisor.promises.push(...job.promises.map((t) => ({ path: [...returned.path, ...t.path], fileId: t.fileId })));
  }

  const created = new Map<string, JobDescription>();
  const defaultTries = retryCount + 1;
  for (const p of jobs) created.set(p.id, describePending(p, defaultTries));
  for (const service of services.values())
    created.set(service.hostId, await describeServiceHost(store, service, defaultTries));
  await mapLimit([...created.values()], IO_LANES, (d) => store.create(d));

  if (!returned) await fulfilPromises(store, job.promises, result);

  const top = builder.top;
  // Keep the successors and services the job's creator gave it (`handle.addChild(...)` before it ran) and add
  // the ones this run created, children before follow-ons as Toil does.
  const [givenChildren = [], givenFollowOns = []] = job.successors;
  const successors = [...new Set([...givenChildren, ...top.children.map((j) => j.id)])];
  const followOns = [...new Set([...givenFollowOns, ...top.followOns.map((j) => j.id)])];
  const hosted = [...job.services, ...top.services.map((s) => ({ hostId: s.hostId, parentHostId: s.parent?.hostId }))];
  if (!successors.length && !followOns.length && !hosted.length) {
    await store.delete(job.id);
    return { job: undefined, created };
  }
  const updated: JobDescription = {
    ...job,
    done: true,
    successors: [successors, followOns],
    services: hosted,
    logFileId: undefined,
  };
  await store.update(updated);
  return { job: updated, created };
}

/** Write the job's value (at each target's path) into every promise file that still exists. */
export async function fulfilPromises(
  store: JobStore,
  targets: readonly PromiseTarget[],
  value: unknown,
): Promise<void> {
  // A false result means the consumer already finished and took its promise files with it: nothing to fulfil.
  await mapLimit(targets, IO_LANES, (t) =>
    store.writeAllocatedFile(t.fileId, encodeEnvelope(selectPath(value, t.path))),
  );
}

/**
 * Add the follow-on that resolves a returned value with promises inside. It also follows every promising job
 * that would not otherwise have run before it (e.g. another follow-on of this job), so any such value works.
 */
function addResolver(builder: GraphBuilder, value: unknown): PendingJob {
  const resolver = builder.addJob(builder.top, 'followOn', RESOLVE_JOB, [value]);
  const before = mustRunBefore(resolver);
  for (const rv of resolver.rvs) {
    const promisor = builder.jobs.find((j) => j.id === rv.promisorTempId);
    if (!promisor || before.has(promisor) || promisor.followOns.includes(resolver)) continue;
    promisor.link(resolver, 'followOn');
    builder.hasExtraEdges = true;
  }
  return resolver;
}

/** Whether a return value holds `rv()` promises below its top level (also checks it is encodable). */
function containsPromise(value: unknown, jobName: string): boolean {
  let found = false;
  encode(value, `the return value of '${jobName}'`, {
    encodeSpecial(v) {
      if (!Rv.is(v)) return undefined;
      found = true;
      return null;
    },
  });
  return found;
}

function collectServices(top: PendingJob, jobs: readonly PendingJob[]): Map<string, PendingService> {
  const services = new Map<string, PendingService>();
  for (const job of [top, ...jobs]) for (const s of job.services) services.set(s.hostId, s);
  return services;
}

/** Give every promise in the new jobs' arguments a file owned by the consumer, and tell the promisor. */
function allocatePromiseFiles(
  store: JobStore,
  jobs: readonly PendingJob[],
  services: Map<string, PendingService>,
): void {
  const byId = new Map(jobs.map((j) => [j.id, j]));
  const consumers = jobs.filter((j) => j.rvs.length);
  for (const consumer of consumers) {
    const fileIds: string[] = [];
    for (const rv of consumer.rvs) {
      // Allocated, not created: the promising job creates it when it writes the value.
      const fileId = store.allocateFileId({ ownerJobId: consumer.id, basename: 'promise' });
      fileIds.push(fileId);
      const promisor = byId.get(rv.promisorTempId) ?? services.get(rv.promisorTempId);
      promisor!.promises.push({ path: [...rv.path], fileId });
    }
    consumer.encodedArgs = fillPromiseMarkers(consumer.encodedArgs, fileIds);
    if (consumer.promisedRequirements)
      consumer.promisedRequirements = fillPromiseMarkers(consumer.promisedRequirements, fileIds);
  }
}

function describePending(p: PendingJob, tries: number): JobDescription {
  return {
    v: 1,
    id: p.id,
    name: p.def!.name,
    displayName: p.displayName,
    args: p.encodedArgs,
    requirements: p.requirements,
    done: false,
    successors: [p.children.map((j) => j.id), p.followOns.map((j) => j.id)],
    predecessorCount: p.parents.length,
    remainingTries: tries,
    promises: p.promises,
    services: p.services.map((s) => ({ hostId: s.hostId, parentHostId: s.parent?.hostId })),
    ...(p.checkpoint ? { checkpoint: { args: p.encodedArgs } } : {}),
    ...(p.promisedRequirements ? { promisedRequirements: p.promisedRequirements } : {}),
  };
}

async function describeServiceHost(store: JobStore, s: PendingService, tries: number): Promise<JobDescription> {
  const flag = () => store.getEmptyFileId({ ownerJobId: s.hostId, basename: 'flag' });
  const [startFlagId, terminateFlagId, errorFlagId] = await Promise.all([flag(), flag(), flag()]);
  return {
    v: 1,
    id: s.hostId,
    name: s.def.name,
    displayName: s.def.name,
    args: encode(s.args, `arguments of service '${s.def.name}'`),
    requirements: s.requirements,
    done: false,
    successors: [],
    predecessorCount: 1,
    remainingTries: tries,
    promises: s.promises,
    services: [],
    service: { startFlagId, terminateFlagId, errorFlagId },
  };
}
