import { describe, expect, it } from 'vitest';
import { LeaderMetrics } from './leader-metrics.js';

/** The value of one sample line (`name{labels} value`) in Prometheus text, or undefined when absent. */
function sample(text: string, series: string): number | undefined {
  const line = text.split('\n').find((l) => l.startsWith(`${series} `));
  return line === undefined ? undefined : Number(line.slice(series.length + 1));
}

describe('LeaderMetrics', () => {
  it("maps Toil's metric lines to Prometheus counters by job type and gauges", async () => {
    const metrics = new LeaderMetrics();
    for (const type of ['align', 'align', 'align', 'merge']) metrics.jobIssued(type);
    metrics.jobCompleted('align');
    metrics.jobCompleted('align');
    metrics.jobFailed('align');
    metrics.jobMissing();
    metrics.progress({ completed: 2, issued: 3, running: 1, queued: 40, failed: 0 });
    metrics.clusterSize('c5.large:0.05', 2, 3);
    const text = await metrics.registry.metrics();
    expect(sample(text, 'toil_issued_jobs_total{job_type="align"}')).toBe(3);
    expect(sample(text, 'toil_issued_jobs_total{job_type="merge"}')).toBe(1);
    expect(sample(text, 'toil_completed_jobs_total{job_type="align"}')).toBe(2);
    expect(sample(text, 'toil_completed_jobs_total{job_type="merge"}')).toBeUndefined();
    expect(sample(text, 'toil_failed_jobs_total{job_type="align"}')).toBe(1);
    expect(sample(text, 'toil_missing_jobs_total')).toBe(1);
    expect(sample(text, 'toil_queue_size')).toBe(3);
    expect(sample(text, 'toil_running_jobs')).toBe(1);
    expect(sample(text, 'toil_leader_queue_size')).toBe(40);
    expect(sample(text, 'toil_jobs_failed')).toBe(0);
    expect(sample(text, 'toil_current_size{node_type="c5.large:0.05"}')).toBe(2);
    expect(sample(text, 'toil_desired_size{node_type="c5.large:0.05"}')).toBe(3);
    expect(text).toContain('# TYPE toil_issued_jobs_total counter');
    expect(text).toContain('# TYPE toil_queue_size gauge');
  });

  it('includes the process metrics, and keeps two leaders apart', async () => {
    const a = new LeaderMetrics();
    const b = new LeaderMetrics();
    a.jobIssued('x');
    const text = await b.registry.metrics();
    expect(sample(text, 'process_cpu_seconds_total')).toBeGreaterThan(0);
    expect(sample(text, 'process_resident_memory_bytes')).toBeGreaterThan(1024 * 1024);
    expect(text).toContain('nodejs_heap_size_used_bytes');
    expect(sample(text, 'toil_issued_jobs_total{job_type="x"}')).toBeUndefined();
  });
});
