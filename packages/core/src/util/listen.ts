import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { InvalidValueError } from '../errors.js';

/**
 * Start an HTTP server on `port` (0 = a free port chosen by the system) and resolve with the port it got. A port
 * that is taken, or privileged, is a one-line user error naming `option` (e.g. `--metricsPort`) and the value.
 * `host` defaults to every interface.
 */
export function listen(server: Server, port: number, option: string, host?: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const onError = (error: NodeJS.ErrnoException) => {
      if (error.code === 'EADDRINUSE') reject(new InvalidValueError(option, port, 'the port is in use by another program; choose another port, or 0 for a free one'));
      else if (error.code === 'EACCES') reject(new InvalidValueError(option, port, 'this user may not listen on ports below 1024; choose a port from 1024 to 65535, or 0 for a free one'));
      else reject(error);
    };
    server.once('error', onError);
    server.listen(port, host, () => {
      server.off('error', onError);
      resolve((server.address() as AddressInfo).port);
    });
  });
}

/** Close a server, ending open connections (keep-alive scrapes, event streams) instead of waiting for them. */
export function closeServer(server: Server): Promise<void> {
  return new Promise((resolve) => {
    server.close(() => resolve());
    server.closeAllConnections();
  });
}

/**
 * Fail early, with `listen`'s one-line error, when `port` cannot be listened on now: checked before a job store is
 * created, so a taken `--metricsPort` leaves nothing behind. (The port could still be taken in between; then the
 * leader reports the same error later.)
 */
export async function checkPortFree(port: number, option: string): Promise<void> {
  if (port === 0) return;
  const { createServer } = await import('node:http');
  const server = createServer();
  await listen(server, port, option);
  await closeServer(server);
}
