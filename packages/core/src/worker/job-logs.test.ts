import { describe, expect, it } from 'vitest';
import type { JobDescription } from '../jobstore/description.js';
import type { JobStore } from '../jobstore/jobstore.js';
import type { WorkflowConfig } from '../options/config.js';
import { recordFailure } from './failure.js';
import { WorkerLogs } from './job-logs.js';
import { OutputCapture } from './output-capture.js';
import type { WorkerRuntime } from './runtime.js';

const job = (id: string) => ({ id, displayName: `name of ${id}` }) as JobDescription;
const at = (level: number, text: string) => ({ level, text, time: 1 });

function runtime(
  config: Partial<WorkflowConfig>,
  output?: OutputCapture,
): WorkerRuntime & { blobs: string[]; files: Map<string, string> } {
  const blobs: string[] = [];
  const files = new Map<string, string>();
  const store = {
    writeStatsAndLogging: async (blob: string) => void blobs.push(blob),
    tryLoad: async (id: string) => ({ ...job(id), done: false }),
    writeFileBytes: async (data: string) => {
      files.set(`f${files.size}`, data);
      return `f${files.size - 1}`;
    },
    update: async () => undefined,
  } as unknown as JobStore;
  const full = {
    realTimeLogging: false,
    writeLogsFromAllJobs: false,
    logLevel: 'INFO',
    maxLogFileSize: 64000,
    ...config,
  } as WorkflowConfig;
  return { store, config: full, localWorkflowDir: '/tmp', echo: () => undefined, output, blobs, files };
}

describe('WorkerLogs', () => {
  it("sends succeeded jobs' messages at the end, not a failed job's (its stored log has them)", () => {
    const logs = new WorkerLogs(runtime({}));
    logs.runtime.echo('job1', 'one', at(20, 'from one'));
    logs.runtime.echo('job2', 'two', at(30, 'from two, which fails'));
    const { logs: sent, jobLogs } = logs.forLeader(['job1']);
    expect(sent.map((m) => m.text)).toEqual(['from one']);
    expect(jobLogs).toEqual([]);
    expect(logs.messages.map((m) => m.message.text)).toEqual(['from one', 'from two, which fails']);
  });

  it('with --realTimeLogging writes INFO and above at once and leaves only DEBUG for the end', async () => {
    const rt = runtime({ realTimeLogging: true });
    const logs = new WorkerLogs(rt);
    logs.runtime.echo('job1', 'one', at(20, 'now'));
    logs.runtime.echo('job1', 'one', at(10, 'later'));
    logs.runtime.realtime!('job1', 'one', at(10, 'realtime debug'));
    await logs.close();
    expect(rt.blobs.map((b) => (JSON.parse(b) as { logs: { text: string }[] }).logs.map((m) => m.text))).toEqual([
      ['now', 'realtime debug'],
    ]);
    expect(logs.forLeader(['job1']).logs.map((m) => m.text)).toEqual(['later']);
  });

  it('has no realtime hook without --realTimeLogging', () => {
    expect(new WorkerLogs(runtime({})).runtime.realtime).toBeUndefined();
  });

  it("keeps each successful job's captured output as its log with --writeLogsFromAllJobs, cut to --maxLogFileSize", () => {
    const output = new OutputCapture();
    const logs = new WorkerLogs(runtime({ writeLogsFromAllJobs: true, maxLogFileSize: 10 }, output));
    output.add('worker start-up noise\n');
    logs.jobStarted();
    output.add('0123456789abcdef');
    logs.jobSucceeded(job('job1'));
    logs.jobStarted();
    output.add('short');
    logs.jobSucceeded(job('job2'));
    expect(logs.forLeader(['job1', 'job2']).jobLogs).toEqual([
      { jobStoreID: 'job1', name: 'name of job1', text: '6789abcdef' },
      { jobStoreID: 'job2', name: 'name of job2', text: 'short' },
    ]);
  });

  it("sends successful jobs' logs at DEBUG too, and falls back to the job's messages without captured output", () => {
    const logs = new WorkerLogs(runtime({ logLevel: 'DEBUG' }));
    logs.runtime.echo('job1', 'name of job1', at(20, 'hello'));
    logs.jobSucceeded(job('job1'));
    expect(logs.forLeader(['job1']).jobLogs).toEqual([
      { jobStoreID: 'job1', name: 'name of job1', text: '[1970-01-01T00:00:00.001Z] INFO name of job1 job1: hello\n' },
    ]);
  });

  it('sends no job logs by default', () => {
    const output = new OutputCapture();
    const logs = new WorkerLogs(runtime({}, output));
    output.add('text');
    logs.jobSucceeded(job('job1'));
    expect(logs.forLeader(['job1']).jobLogs).toEqual([]);
  });
});

describe('recordFailure', () => {
  it("stores the failed job's messages and error, cut to the last --maxLogFileSize bytes", async () => {
    const rt = runtime({ maxLogFileSize: 80 });
    const messages = [
      { jobId: 'job1', message: at(20, 'x'.repeat(200)) },
      { jobId: 'job1', message: at(20, 'last words') },
    ];
    const error = Object.assign(new Error('it broke'), { stack: 'Error: it broke\n    at job (workflow.ts:1:1)' });
    await recordFailure(rt, job('job1'), error, messages);
    const stored = rt.files.get('f0')!;
    expect(Buffer.byteLength(stored)).toBe(80);
    expect(stored).not.toContain('x'.repeat(100));
    expect(stored.endsWith('Error: it broke\n    at job (workflow.ts:1:1)\n')).toBe(true);
  });

  it('keeps the whole log with --maxLogFileSize 0', async () => {
    const rt = runtime({ maxLogFileSize: 0 });
    await recordFailure(rt, job('job1'), new Error('it broke'), [{ jobId: 'job1', message: at(20, 'x'.repeat(200)) }]);
    const stored = rt.files.get('f0')!;
    expect(stored.startsWith(`LOG-TO-MASTER: ${'x'.repeat(200)}\nJob 'name of job1' job1 failed on host pid `)).toBe(
      true,
    );
    expect(stored).toContain('Error: it broke');
  });
});
