import { createServer } from 'node:http';
import { describe, expect, it, onTestFinished } from 'vitest';
import { createLogger } from '../log/logger.js';
import { closeServer, listen } from '../util/listen.js';
import { startMetricsEndpoint } from './endpoint.js';

/** A logger that keeps its lines. */
function capture() {
  const lines: string[] = [];
  const keep = (m: string) => void lines.push(m);
  return { lines, log: { ...createLogger('OFF'), info: keep, warn: keep, error: keep, debug: keep } };
}

describe('metrics endpoint', () => {
  it('serves the leader metrics at /metrics on a free port and logs the URL', async () => {
    const { lines, log } = capture();
    const endpoint = await startMetricsEndpoint(0, log);
    onTestFinished(() => endpoint.close());
    expect(endpoint.port).toBeGreaterThan(0);
    expect(lines).toEqual([`Serving Prometheus metrics at ${endpoint.url}`]);
    expect(endpoint.url).toMatch(new RegExp(`^http://.+:${endpoint.port}/metrics$`));
    endpoint.events.jobIssued('align');
    const response = await fetch(`http://127.0.0.1:${endpoint.port}/metrics`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toContain('text/plain');
    expect(await response.text()).toContain('toil_issued_jobs_total{job_type="align"} 1');
    const other = await fetch(`http://127.0.0.1:${endpoint.port}/`);
    expect(other.status).toBe(404);
    expect(await other.text()).toContain('/metrics');
  });

  it('refuses a port in use with a one-line error quoting it', async () => {
    const squatter = createServer();
    const port = await listen(squatter, 0, '--other');
    onTestFinished(() => closeServer(squatter));
    await expect(startMetricsEndpoint(port, capture().log)).rejects.toThrow(`Invalid --metricsPort ${port}: the port is in use by another program; choose another port, or 0 for a free one`);
  });

  it('stops serving when closed', async () => {
    const endpoint = await startMetricsEndpoint(0, capture().log);
    await endpoint.close();
    await expect(fetch(`http://127.0.0.1:${endpoint.port}/metrics`)).rejects.toThrow();
  });
});
