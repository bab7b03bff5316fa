/**
 * A server that drops connections in the middle of a request, between the store and the real radosgw: a TCP
 * proxy that cuts a connection once it has forwarded `after` more request bytes, `drops` times. The SDK's retries
 * must carry writes through, and when the server keeps dropping them the failure is one line and no record is
 * half-written.
 */
import { createServer, connect, type AddressInfo, type Server, type Socket } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testConfig, makeJob } from '@toil/testing';
import { AwsJobStore } from './aws-job-store.js';
import { testS3Env } from './s3-test-env.js';

const env = testS3Env() ?? {};
/** Drop the connection carrying the request bytes past `after` (counted since the last drop or arming). */
const cut = { drops: 0, after: 0, dropped: 0, bytes: 0 };
let proxy: Server;
const sockets = new Set<Socket>();
let direct: AwsJobStore;
let viaProxy: AwsJobStore;

beforeAll(async () => {
  Object.assign(process.env, env);
  proxy = createServer((client) => {
    const server = connect(Number(env.TOIL_S3_PORT), '127.0.0.1');
    sockets.add(client).add(server);
    client.on('data', (chunk: Buffer) => {
      cut.bytes += chunk.length;
      // Connections are kept alive and reused, so the cut is decided per request byte, not per connection.
      if (cut.drops > 0 && cut.bytes > cut.after) {
        cut.drops--;
        cut.bytes = 0;
        cut.dropped++;
        client.destroy();
        server.destroy();
        return;
      }
      server.write(chunk);
    });
    server.on('data', (chunk: Buffer) => client.write(chunk));
    for (const [a, b] of [
      [client, server],
      [server, client],
    ] as const) {
      a.on('error', () => b.destroy());
      a.on('close', () => b.destroy());
    }
  });
  await new Promise<void>((done) => proxy.listen(0, '127.0.0.1', done));
  const name = `faults-${Date.now().toString(36)}`;
  direct = new AwsJobStore(`aws:us-east-1:${name}`);
  await direct.initialize(testConfig({ jobStore: direct.locator }));
  // A store reads TOIL_S3_PORT at its first operation: the proxied one makes it while the variable names the proxy.
  process.env.TOIL_S3_PORT = String((proxy.address() as AddressInfo).port);
  viaProxy = new AwsJobStore(direct.locator);
  expect(await viaProxy.exists()).toBe(true);
  process.env.TOIL_S3_PORT = env.TOIL_S3_PORT;
});

afterAll(async () => {
  await direct.destroy();
  for (const socket of sockets) socket.destroy();
  await new Promise((done) => proxy.close(done));
});

describe('a server that drops connections mid-request', () => {
  it('a file upload dropped twice after 64 KiB is retried and stored whole', async () => {
    Object.assign(cut, { drops: 2, after: 64 * 1024, dropped: 0, bytes: 0 });
    const data = Buffer.alloc(1024 * 1024, 'x');
    const id = await viaProxy.writeFileBytes(data);
    expect(cut.dropped).toBe(2);
    expect((await direct.readFileBytes(id)).equals(data)).toBe(true);
  });

  it('a job record whose first PUT is cut is created whole by the retry', async () => {
    const job = makeJob(viaProxy.assignId(), { args: { payload: 'y'.repeat(50_000) } });
    Object.assign(cut, { drops: 1, after: 20_000, dropped: 0, bytes: 0 });
    await viaProxy.create(job);
    expect(cut.dropped).toBe(1);
    expect(await direct.load(job.id)).toEqual(job);
  });

  it('when every attempt is cut, create fails in one line and leaves no record', async () => {
    const job = makeJob(viaProxy.assignId(), { args: { payload: 'z'.repeat(50_000) } });
    Object.assign(cut, { drops: 100, after: 20_000, dropped: 0, bytes: 0 });
    const error = await viaProxy.create(job).catch((e: unknown) => e as Error);
    cut.drops = 0;
    expect(error).toMatchObject({ code: 'S3_UNREACHABLE' });
    expect((error as Error).message).not.toContain('\n');
    expect(cut.dropped).toBe(6); // the SDK's 6 attempts
    expect(await direct.jobExists(job.id)).toBe(false);
  });
});
