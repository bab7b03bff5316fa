import { resolveRequirements, type RequirementDefaults } from '../requirements/requirements.js';
import { encodePromised, splitPromised, type CallRequirements } from '../requirements/promised.js';
import { InvalidValueError } from '../errors.js';
import { isJobDef, isServiceDef, type JobDef, type ServiceDef } from './define.js';
import { PendingJob, type EdgeKind, type PendingService } from './graph.js';
import { Rv } from './promise.js';
import type { PathElem } from '../jobstore/description.js';
import { JobHandle, pendingJobOf, ServiceHandle } from './handle.js';

/**
 * Collects the jobs and services one job run creates. Nothing touches the job store until the run commits;
 * then `saveGraph` validates and writes everything in one go.
 */
export class GraphBuilder {
  readonly jobs: PendingJob[] = [];
  /** Set once a job gets a second predecessor, the only way a cycle can form. */
  hasExtraEdges = false;
  private serviceCount = 0;

  constructor(
    readonly top: PendingJob,
    private readonly assignId: () => string,
    private readonly defaults: RequirementDefaults,
  ) {}

  /** Create a job from a definition and link it under `parent`. */
  addJob(
    parent: PendingJob,
    kind: EdgeKind,
    target: JobDef | JobHandle<unknown>,
    args: unknown[],
    overrides?: CallRequirements,
  ): PendingJob {
    if (target instanceof JobHandle) {
      if (args.length)
        throw new InvalidValueError(
          'arguments',
          args,
          'an existing job handle takes no arguments; pass arguments when the job is first added',
        );
      const existing = pendingJobOf(target);
      if (!this.jobs.includes(existing))
        throw new InvalidValueError(
          'job handle',
          existing.displayName,
          'only jobs added during this run can get extra predecessors',
        );
      parent.link(existing, kind);
      this.hasExtraEdges = true;
      return existing;
    }
    if (!isJobDef(target)) {
      throw new InvalidValueError(
        'job',
        typeof target,
        "pass a job made with defineJob('name', fn), or a handle returned by addChild/addFollowOn",
      );
    }
    const req = { ...target.requirements, ...overrides };
    // Promised figures are left to the leader; until then the description holds the defaults in their place.
    const { plain, promised } = splitPromised(req);
    const job = new PendingJob(
      this.assignId(),
      target,
      target.displayName ?? target.name,
      args,
      resolveRequirements(plain, this.defaults, `job '${target.name}'`),
      req.checkpoint === true,
    );
    if (promised) job.promisedRequirements = encodePromised(promised, job.rvs, target.name);
    parent.link(job, kind);
    this.jobs.push(job);
    return job;
  }

  /** Add a service to `client`, optionally as a sub-service of `parent`. */
  addService(client: PendingJob, def: ServiceDef, args: unknown[], parent?: PendingService): PendingService {
    if (!isServiceDef(def))
      throw new InvalidValueError('service', typeof def, "pass a service made with defineService('name', factory)");
    const service: PendingService = {
      hostId: this.assignId(),
      def,
      args,
      requirements: resolveRequirements(def.requirements, this.defaults, `service '${def.name}'`),
      parent,
      client,
      promises: [],
    };
    // Validate arguments now (services take no promises: they start before their client's successors run).
    new PendingJob(service.hostId, undefined, def.name, args, service.requirements, false);
    client.services.push(service);
    this.serviceCount++;
    return service;
  }

  /** A promise of `job`'s value at `path`. */
  rv(job: PendingJob, path: PathElem[]): Rv {
    return new Rv(job.id, path, job.displayName);
  }

  /** Handle for a job. */
  handle<R>(job: PendingJob): JobHandle<R> {
    return new JobHandle<R>(this, job);
  }

  /** Handle for a service. */
  serviceHandle<S>(client: PendingJob, service: PendingService): ServiceHandle<S> {
    return new ServiceHandle<S>(this, client, service);
  }
}
