/**
 * `--metrics`: the leader serves its Prometheus metrics over HTTP at `/metrics` for as long as it runs. The
 * leader imports this module only when `--metrics` is on, so prom-client is never loaded otherwise.
 */
import { createServer } from 'node:http';
import { isIPv6 } from 'node:net';
import { hostname } from 'node:os';
import type { LeaderEvents } from '../leader/events.js';
import type { Logger } from '../log/logger.js';
import { closeServer, listen } from '../util/listen.js';
import { LeaderMetrics } from './leader-metrics.js';

/** A running metrics endpoint. */
export interface MetricsEndpoint {
  /** Give these to the leader. */
  events: LeaderEvents;
  /** Where Prometheus scrapes: `http://<host>:<port>/metrics`. */
  url: string;
  port: number;
  close(): Promise<void>;
}

/** Addresses that mean "every interface": the logged URL then names this machine instead. */
const WILDCARDS = new Set(['0.0.0.0', '::', '[::]']);

/** The URL to log for a server on `host`: a wildcard becomes this machine's name, an IPv6 address gets brackets. */
function metricsUrl(host: string, port: number): string {
  const shown = WILDCARDS.has(host) ? hostname() : isIPv6(host) ? `[${host}]` : host;
  return `http://${shown}:${port}/metrics`;
}

/**
 * Listen on `host` (`--metricsHost`; 127.0.0.1 when unset, as in a config stored before the option existed, since
 * the page tells anyone who can reach it the job names of the workflow) and `port`, 0 meaning a free port, and log
 * the URL at INFO.
 */
export async function startMetricsEndpoint(port: number, log: Logger, host = '127.0.0.1'): Promise<MetricsEndpoint> {
  const metrics = new LeaderMetrics();
  const server = createServer((req, res) => {
    if (req.method !== 'GET' || (req.url ?? '/').split('?')[0] !== '/metrics') {
      res.writeHead(404, { 'content-type': 'text/plain' }).end('Not found: the Prometheus metrics are at /metrics\n');
      return;
    }
    metrics.registry.metrics().then(
      (text) => res.writeHead(200, { 'content-type': metrics.registry.contentType }).end(text),
      (error: unknown) =>
        res.writeHead(500, { 'content-type': 'text/plain' }).end(`Collecting the metrics failed: ${String(error)}\n`),
    );
  });
  const actual = await listen(server, port, { portOption: '--metricsPort', host, hostOption: '--metricsHost' });
  const url = metricsUrl(host, actual);
  log.info(`Serving Prometheus metrics at ${url}`, { metricsUrl: url });
  return { events: metrics, url, port: actual, close: () => closeServer(server) };
}
