import { createServer } from 'node:http';
import { hostname } from 'node:os';
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
    expect(endpoint.url).toBe(`http://127.0.0.1:${endpoint.port}/metrics`);
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
    await expect(startMetricsEndpoint(port, capture().log)).rejects.toThrow(
      `Invalid --metricsPort ${port}: the port is in use by another program; choose another port, or 0 for a free one`,
    );
  });

  it('listens on 127.0.0.1 only by default, and on every interface with host 0.0.0.0', async () => {
    // All of 127/8 reaches this machine, so 127.0.0.2 stands for "an interface other than 127.0.0.1".
    const local = await startMetricsEndpoint(0, capture().log);
    onTestFinished(() => local.close());
    expect((await fetch(`http://127.0.0.1:${local.port}/metrics`)).status).toBe(200);
    await expect(fetch(`http://127.0.0.2:${local.port}/metrics`)).rejects.toMatchObject({
      cause: { code: 'ECONNREFUSED' },
    });

    const { lines, log } = capture();
    const every = await startMetricsEndpoint(0, log, '0.0.0.0');
    onTestFinished(() => every.close());
    expect((await fetch(`http://127.0.0.2:${every.port}/metrics`)).status).toBe(200);
    // The logged URL names this machine, not the wildcard address.
    expect(lines).toEqual([`Serving Prometheus metrics at http://${hostname()}:${every.port}/metrics`]);
  });

  it('refuses a host that is not an address of this machine with a one-line error naming --metricsHost', async () => {
    // 198.51.100.0/24 is reserved for documentation (RFC 5737): no machine here has an address in it.
    await expect(startMetricsEndpoint(0, capture().log, '198.51.100.77')).rejects.toThrow(
      'Invalid --metricsHost "198.51.100.77": it is not an address of this machine; use 127.0.0.1 (this machine only), 0.0.0.0 (every interface) or an address or name of one of its interfaces',
    );
    await expect(startMetricsEndpoint(0, capture().log, 'no-such-host.invalid')).rejects.toThrow(
      'Invalid --metricsHost "no-such-host.invalid": it is not an address of this machine',
    );
  });

  it('stops serving when closed', async () => {
    const endpoint = await startMetricsEndpoint(0, capture().log);
    await endpoint.close();
    await expect(fetch(`http://127.0.0.1:${endpoint.port}/metrics`)).rejects.toThrow();
  });
});
