/**
 * `--metrics`: the leader serves its Prometheus metrics over HTTP at `/metrics` for as long as it runs. The
 * leader imports this module only when `--metrics` is on, so prom-client is never loaded otherwise.
 */
import { createServer } from 'node:http';
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

/**
 * Listen on every interface (Prometheus usually scrapes from another machine) on `port`, 0 meaning a free port,
 * and log the URL at INFO.
 */
export async function startMetricsEndpoint(port: number, log: Logger): Promise<MetricsEndpoint> {
  const metrics = new LeaderMetrics();
  const server = createServer((req, res) => {
    if (req.method !== 'GET' || (req.url ?? '/').split('?')[0] !== '/metrics') {
      res.writeHead(404, { 'content-type': 'text/plain' }).end('Not found: the Prometheus metrics are at /metrics\n');
      return;
    }
    metrics.registry.metrics().then(
      (text) => res.writeHead(200, { 'content-type': metrics.registry.contentType }).end(text),
      (error: unknown) => res.writeHead(500, { 'content-type': 'text/plain' }).end(`Collecting the metrics failed: ${String(error)}\n`),
    );
  });
  const actual = await listen(server, port, '--metricsPort');
  const url = `http://${hostname()}:${actual}/metrics`;
  log.info(`Serving Prometheus metrics at ${url}`, { metricsUrl: url });
  return { events: metrics, url, port: actual, close: () => closeServer(server) };
}
