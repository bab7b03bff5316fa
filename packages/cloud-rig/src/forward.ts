import { createConnection, createServer, type Server } from 'node:net';

/**
 * Forward TCP connections from `listenHost:port` to `127.0.0.1:port`: the test S3 server listens on loopback
 * only, which the rig's hosts (in their own network namespaces) cannot reach; the rig's bridge address they can.
 * A plain byte pipe, so nothing of the protocol is reimplemented.
 */
export async function forwardToLoopback(listenHost: string, port: number): Promise<Server> {
  const server = createServer((inbound) => {
    const outbound = createConnection({ host: '127.0.0.1', port });
    inbound.pipe(outbound).pipe(inbound);
    inbound.on('error', () => outbound.destroy());
    outbound.on('error', () => inbound.destroy());
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, listenHost, resolve);
  });
  return server;
}
