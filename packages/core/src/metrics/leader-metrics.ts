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
 *
 * Beyond Toil: `toil_running_jobs` (issued and running), `toil_leader_queue_size` (reached, not yet issued) and
 * `toil_jobs_failed` (out of tries) gauges. Toil's `current_size`/`desired_size '<nodeType>'` come from its
 * autoscaler; without a provisioner there is no cluster size to report, so they are not exported.
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

  progress(progress: LeaderProgress): void {
    this.queueSize.set(progress.issued);
    this.running.set(progress.running);
    this.waiting.set(progress.queued);
    this.failedForGood.set(progress.failed);
  }
}
