/**
 * `toil run --metrics`: the leader serves Prometheus metrics while the workflow runs (Toil's metric lines as
 * counters by job type and gauges, plus process metrics), at a URL it logs; a port in use is a one-line error.
 */
import { createServer } from 'node:http';
import { existsSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it, onTestFinished } from 'vitest';
import { closeServer, listen } from '@toil/core/internal';
import { errorLines, fixture, stackFrames, toilRun } from './helpers/cli.js';
import { startToil, waitForFiles, waitUntil } from './helpers/background.js';
import { tempDir } from './helpers/temp.js';

/** The samples of a Prometheus text page, by series (`name{labels}`). */
function samples(text: string): Map<string, number> {
  const out = new Map<string, number>();
  for (const line of text.split('\n')) {
    const match = /^([a-z_]+(?:\{[^}]*\})?) (\S+)$/.exec(line);
    if (match) out.set(match[1], Number(match[2]));
  }
  return out;
}

describe('toil run --metrics', () => {
  it('serves counters by job type, the queue size and process metrics while the workflow runs', async () => {
    const dir = await tempDir();
    const leader = startToil([
      'run',
      fixture('observe.ts'),
      join(dir, 'js'),
      '--job',
      'watched',
      '--args',
      JSON.stringify([dir, 3, 'flaky']),
      '--metrics',
    ]);
    let stderr = '';
    leader.child.stderr!.on('data', (d: Buffer) => (stderr += d.toString()));
    await waitUntil('the leader logs the metrics URL', () =>
      /Serving Prometheus metrics at http:\/\/\S+:\d+\/metrics/.test(stderr),
    );
    const [, host, port] = /INFO toil: Serving Prometheus metrics at http:\/\/(\S+):(\d+)\/metrics\n/.exec(stderr)!;
    // This machine only by default: 127.0.0.2 is this machine too, but not the address the endpoint is bound to.
    expect(host).toBe('127.0.0.1');
    await expect(fetch(`http://127.0.0.2:${port}/metrics`)).rejects.toMatchObject({ cause: { code: 'ECONNREFUSED' } });
    await waitForFiles([0, 1, 2].map((i) => join(dir, `started-${i}`)));

    // The held jobs keep the workflow running; the flaky job fails once and then succeeds on its retry.
    let scraped = new Map<string, number>();
    await waitUntil('the flaky job has failed once and then completed', async () => {
      const response = await fetch(`http://127.0.0.1:${port}/metrics`);
      expect(response.status).toBe(200);
      scraped = samples(await response.text());
      return scraped.get('toil_completed_jobs_total{job_type="observe.flaky"}') === 1;
    });
    expect(scraped.get('toil_issued_jobs_total{job_type="observe.watched"}')).toBe(1);
    expect(scraped.get('toil_completed_jobs_total{job_type="observe.watched"}')).toBe(1);
    expect(scraped.get('toil_issued_jobs_total{job_type="observe.held"}')).toBe(3);
    expect(scraped.has('toil_completed_jobs_total{job_type="observe.held"}')).toBe(false);
    expect(scraped.get('toil_issued_jobs_total{job_type="observe.flaky"}')).toBe(2);
    expect(scraped.get('toil_failed_jobs_total{job_type="observe.flaky"}')).toBe(1);
    expect(scraped.get('toil_missing_jobs_total')).toBe(0);
    expect(scraped.get('toil_queue_size')).toBe(3);
    // Refreshed at most every 200 ms, so it may lag behind the start of the held jobs.
    expect(scraped.get('toil_running_jobs')).toBeLessThanOrEqual(3);
    expect(scraped.get('toil_jobs_failed')).toBe(0);
    expect(scraped.get('process_resident_memory_bytes')).toBeGreaterThan(10 * 1024 * 1024);
    expect(scraped.get('process_cpu_seconds_total')).toBeGreaterThan(0);

    writeFileSync(join(dir, 'release'), '');
    const done = await leader.done;
    expect(done.code, done.stderr).toBe(0);
    expect(JSON.parse(done.stdout)).toBe(0 + 1 + 2 + 100);
    // The endpoint lives as long as the leader.
    await expect(fetch(`http://127.0.0.1:${port}/metrics`)).rejects.toThrow();
  });

  it('refuses a --metricsPort that is in use, in one line that quotes it', async () => {
    const dir = await tempDir();
    const squatter = createServer();
    const port = await listen(squatter, 0, '--test');
    onTestFinished(() => closeServer(squatter));
    const result = await toilRun(
      'observe.ts',
      join(dir, 'js'),
      'sum',
      [[1, 2]],
      ['--metrics', '--metricsPort', String(port)],
    );
    expect(result.code).toBe(1);
    expect(errorLines(result.stderr)).toEqual([
      `toil: Invalid --metricsPort ${port}: the port is in use by another program; choose another port, or 0 for a free one`,
    ]);
    expect(stackFrames(result.stderr)).toEqual([]);
    // Checked before the job store is created: nothing to clean up, the same command works once the port is free.
    expect(existsSync(join(dir, 'js'))).toBe(false);
  });

  it('listens on every interface with --metricsHost 0.0.0.0', async () => {
    const dir = await tempDir();
    const leader = startToil([
      'run',
      fixture('observe.ts'),
      join(dir, 'js'),
      '--job',
      'watched',
      '--args',
      JSON.stringify([dir, 1, 'flaky']),
      '--metrics',
      '--metricsHost',
      '0.0.0.0',
    ]);
    let stderr = '';
    leader.child.stderr!.on('data', (d: Buffer) => (stderr += d.toString()));
    await waitUntil('the leader logs the metrics URL', () =>
      /Serving Prometheus metrics at http:\/\/\S+:\d+\/metrics/.test(stderr),
    );
    const [, host, port] = /Serving Prometheus metrics at http:\/\/(\S+):(\d+)\/metrics/.exec(stderr)!;
    // The URL names this machine, which is what a Prometheus server elsewhere would scrape.
    expect(host).toBe(hostname());
    const response = await fetch(`http://127.0.0.2:${port}/metrics`);
    expect(response.status).toBe(200);
    expect(await response.text()).toContain('toil_issued_jobs_total{job_type="observe.watched"} 1');
    await waitForFiles([join(dir, 'started-0')]);
    writeFileSync(join(dir, 'release'), '');
    const done = await leader.done;
    expect(done.code, done.stderr).toBe(0);
  });

  it('refuses a --metricsHost that is not an address of this machine, in one line, before creating the store', async () => {
    const dir = await tempDir();
    // 198.51.100.0/24 is reserved for documentation (RFC 5737): no machine here has an address in it.
    const result = await toilRun(
      'observe.ts',
      join(dir, 'js'),
      'sum',
      [[1, 2]],
      ['--metrics', '--metricsHost', '198.51.100.7'],
    );
    expect(result.code).toBe(1);
    expect(errorLines(result.stderr)).toEqual([
      'toil: Invalid --metricsHost "198.51.100.7": it is not an address of this machine; use 127.0.0.1 (this machine only), 0.0.0.0 (every interface) or an address or name of one of its interfaces',
    ]);
    expect(stackFrames(result.stderr)).toEqual([]);
    expect(existsSync(join(dir, 'js'))).toBe(false);
  });

  it('rejects a --metricsPort that is not a port', async () => {
    const dir = await tempDir();
    const result = await toilRun(
      'observe.ts',
      join(dir, 'js'),
      'sum',
      [[1, 2]],
      ['--metrics', '--metricsPort', '70000'],
    );
    expect(result.code).toBe(1);
    expect(errorLines(result.stderr)).toHaveLength(1);
    expect(errorLines(result.stderr)[0]).toContain('--metricsPort');
    expect(errorLines(result.stderr)[0]).toContain('70000');
  });
});
