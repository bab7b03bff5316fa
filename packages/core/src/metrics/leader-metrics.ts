/**
 * The leader's Prometheus metrics: Toil's ToilMetrics line protocol (Toil's `toil.lib.metrics` ToilMetrics; the
 * README's "Progress, metrics and the status page"), which Toil fed to mtail,
 * exported directly with prom-client, plus the standard process metrics. The mapping:
 *
 * | Toil line              | metric                                        |
 * |------------------------|-----------------------------------------------|
 * | `issued_job <type>`    | `toil_issued_jobs_total{job_type}` counter    |
 * | `completed_job <type>` | `toil_completed_jobs_total{job_type}` counter |
 * | `failed_job <type>`    | `toil_failed_jobs_total{job_type}` counter    |
 * | `missing_job`          | `toil_missing_jobs_total` counter             |
 * | `queue_size <n>`       | `toil_queue_size` gauge                       |
 * | `current_size <type>`  | `toil_current_size{node_type}` gauge          |
 * | `desired_size <type>`  | `toil_desired_size{node_type}` gauge          |
 *
 * Beyond Toil: `toil_running_jobs` (issued and running), `toil_leader_queue_size` (reached, not yet issued) and
 * `toil_jobs_failed` (out of tries) gauges. The two size gauges have values only with `--provisioner`, set on each
 * check of the autoscaler.
 */
import { collectDefaultMetrics, Counter, Gauge, Registry } from 'prom-client';
import type { LeaderEvents, LeaderProgress } from '../leader/events.js';

/**
 * LeaderEvents recorded in a prom-client registry of their own (not the global one, so two leaders in one process do
 * not mix).
 */
export class LeaderMetrics implements LeaderEvents {
  /** The registry to serve. */
  readonly registry = new Registry();
  private readonly issued: Counter<'job_type'>;
  private readonly completed: Counter<'job_type'>;
  private readonly failed: Counter<'job_type'>;
  private readonly missing: Counter;
  private readonly queueSize: Gauge;
  private readonly running: Gauge;
  private readonly waiting: Gauge;
  private readonly failedForGood: Gauge;
  private readonly currentSize: Gauge<'node_type'>;
  private readonly desiredSize: Gauge<'node_type'>;

  constructor() {
    const registers = [this.registry];
    const byType = { labelNames: ['job_type'] as const, registers };
    this.issued = new Counter({
      name: 'toil_issued_jobs_total',
      help: 'Jobs handed to the batch system, by job type (Toil: issued_job).',
      ...byType,
    });
    this.completed = new Counter({
      name: 'toil_completed_jobs_total',
      help: 'Batch jobs that ended with their job committed, by job type (Toil: completed_job).',
      ...byType,
    });
    this.failed = new Counter({
      name: 'toil_failed_jobs_total',
      help: 'Failed attempts: batch jobs that ended without committing their job, by job type (Toil: failed_job).',
      ...byType,
    });
    this.missing = new Counter({
      name: 'toil_missing_jobs_total',
      help: 'Issued jobs the batch system lost track of; each is retried (Toil: missing_job).',
      registers,
    });
    this.queueSize = new Gauge({
      name: 'toil_queue_size',
      help: 'Jobs issued to the batch system and not yet ended: running or queued there (Toil: queue_size).',
      registers,
    });
    this.running = new Gauge({
      name: 'toil_running_jobs',
      help: 'Issued jobs the batch system reports running.',
      registers,
    });
    this.waiting = new Gauge({
      name: 'toil_leader_queue_size',
      help: 'Jobs the leader has reached but not yet issued (it issues at most 1000 ahead).',
      registers,
    });
    this.failedForGood = new Gauge({
      name: 'toil_jobs_failed',
      help: 'Jobs out of tries, failed for good.',
      registers,
    });
    const byNodeType = { labelNames: ['node_type'] as const, registers };
    this.currentSize = new Gauge({
      name: 'toil_current_size',
      help: 'Worker nodes of a node type after the last autoscaler check (Toil: current_size).',
      ...byNodeType,
    });
    this.desiredSize = new Gauge({
      name: 'toil_desired_size',
      help: 'Worker nodes of a node type the autoscaler wanted at its last check (Toil: desired_size).',
      ...byNodeType,
    });
    collectDefaultMetrics({ register: this.registry });
  }

  jobIssued(jobType: string): void {
    this.issued.inc({ job_type: jobType });
  }

  jobCompleted(jobType: string): void {
    this.completed.inc({ job_type: jobType });
  }

  jobFailed(jobType: string): void {
    this.failed.inc({ job_type: jobType });
  }

  jobMissing(): void {
    this.missing.inc();
  }

  clusterSize(nodeType: string, current: number, desired: number): void {
    this.currentSize.set({ node_type: nodeType }, current);
    this.desiredSize.set({ node_type: nodeType }, desired);
  }

  progress(progress: LeaderProgress): void {
    this.queueSize.set(progress.issued);
    this.running.set(progress.running);
    this.waiting.set(progress.queued);
    this.failedForGood.set(progress.failed);
  }
}
