/**
 * `toil status --serve`: a local web page with the job graph, job states and logs of a workflow, kept up to date
 * while it runs (and still readable after it ended). Runs until Ctrl-C or SIGTERM.
 */
import { once } from 'node:events';
import { InvalidValueError } from '@toil/core';
import type { Logger } from '@toil/core/backend';
import { openExistingStore } from '../../ops/existing-store.js';
import { SnapshotFeed } from './feed.js';
import { StatusReader } from './read-status.js';
import { startStatusServer } from './server.js';

/** `--port`: a whole number from 0 (a free port) to 65535. */
export function parsePort(value: unknown): number {
  const port = Number(value);
  if (!Number.isInteger(port) || port < 0 || port > 65535)
    throw new InvalidValueError('--port', value, 'use a port number from 1024 to 65535, or 0 for a free one');
  return port;
}

/** Serve the status of the job store `input` on `port` until the process is told to stop. */
export async function serveStatus(input: string, portOption: unknown, log: Logger): Promise<void> {
  const port = parsePort(portOption);
  const { store, config, locator } = await openExistingStore(input, 'show');
  const reader = new StatusReader(store, locator, config);
  const feed = new SnapshotFeed(
    () => reader.read(),
    (error) =>
      log.warn(`Reading the job store failed; trying again: ${error instanceof Error ? error.message : String(error)}`),
  );
  await feed.start();
  const server = await startStatusServer(feed, port).catch((error: unknown) => {
    feed.stop();
    throw error;
  });
  process.stdout.write(`Serving the status of ${locator} at ${server.url} (Ctrl-C to stop)\n`);
  await Promise.race([once(process, 'SIGINT'), once(process, 'SIGTERM')]);
  feed.stop();
  await server.close();
}
