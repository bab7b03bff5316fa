import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { InvalidValueError } from '../errors.js';

/** Which options a listening server's port and address come from, so that errors name what the user typed. */
export interface ListenOptions {
  /** The option of the port (e.g. `--metricsPort`). */
  portOption: string;
  /** The address to bind; undefined = every interface. */
  host?: string;
  /** The option of the address (e.g. `--metricsHost`), for an address this machine cannot listen on. */
  hostOption?: string;
}

const HOST_HINT =
  'it is not an address of this machine; use 127.0.0.1 (this machine only), 0.0.0.0 (every interface) or an address or name of one of its interfaces';

/**
 * Start an HTTP server on `port` (0 = a free port chosen by the system) and resolve with the port it got. A port
 * that is taken, or privileged, is a one-line user error naming the port option (e.g. `--metricsPort`) and the
 * value; so is an address this machine does not have or a name that does not resolve, naming the host option.
 * `host` defaults to every interface. The last two parameters may also be given as one {@link ListenOptions}.
 */
export function listen(server: Server, port: number, option: string | ListenOptions, host?: string): Promise<number> {
  const opts: ListenOptions = typeof option === 'string' ? { portOption: option, host } : option;
  return new Promise((resolve, reject) => {
    const onError = (error: NodeJS.ErrnoException) => {
      if (error.code === 'EADDRINUSE')
        reject(
          new InvalidValueError(
            opts.portOption,
            port,
            'the port is in use by another program; choose another port, or 0 for a free one',
          ),
        );
      else if (error.code === 'EACCES')
        reject(
          new InvalidValueError(
            opts.portOption,
            port,
            'this user may not listen on ports below 1024; choose a port from 1024 to 65535, or 0 for a free one',
          ),
        );
      // EADDRNOTAVAIL: an address of another machine; ENOTFOUND/EAI_AGAIN: a name the resolver does not know.
      else if (opts.hostOption && ['EADDRNOTAVAIL', 'ENOTFOUND', 'EAI_AGAIN', 'EAI_FAIL'].includes(error.code ?? ''))
        reject(new InvalidValueError(opts.hostOption, opts.host, HOST_HINT));
      else reject(error);
    };
    server.once('error', onError);
    server.listen(port, opts.host, () => {
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
 * Fail early, with `listen`'s one-line error, when `port` cannot be listened on now (on `host` when given, which
 * is then checked even for port 0): checked before a job store is created, so a taken `--metricsPort` or a wrong
 * `--metricsHost` leaves nothing behind. (The port could still be taken in between; then the leader reports the
 * same error later.)
 */
export async function checkPortFree(port: number, option: string | ListenOptions): Promise<void> {
  if (port === 0 && (typeof option === 'string' || option.host === undefined)) return;
  const { createServer } = await import('node:http');
  const server = createServer();
  await listen(server, port, option);
  await closeServer(server);
}
