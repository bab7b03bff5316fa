import { DescribeInstancesCommand, EC2Client, ImportKeyPairCommand, RunInstancesCommand } from '@aws-sdk/client-ec2';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HostManager } from '../hosts/host-manager.js';
import { makeKeyPair } from '../testing/keys.js';
import { Ec2Fake } from './server.js';

/**
 * An instance whose boot runs `shutdown` (the rig's stand-in inside the host: the machine keeps running) ends as
 * EC2 ends one with InstanceInitiatedShutdownBehavior=terminate, with EC2's state reason; with the default
 * behavior it keeps running (the fake has no stopped state).
 */
const tmp = mkdtempSync(join(tmpdir(), 'rig-shutdown-'));
const hosts = new HostManager({ id: 'tx', subnet: 236, stateRoot: join(tmp, 'state') });
const fake = new Ec2Fake({ hosts, listenHost: hosts.layout.bridgeIp, accessKeyId: 'AKIDSHUTTEST' });
let ec2: EC2Client;

/** A boot that fails half-way and shuts the instance down, as a Toil worker's boot does. */
const FAILING_BOOT = '#!/bin/sh\necho failing\nshutdown -h now\necho "after shutdown: $?"\nexit 1\n';

async function launch(behavior?: 'terminate' | 'stop'): Promise<string> {
  const out = await ec2.send(
    new RunInstancesCommand({
      ImageId: 'ami-0123456789abcdef0',
      InstanceType: 't2.micro',
      MinCount: 1,
      MaxCount: 1,
      KeyName: 'shut-key',
      UserData: Buffer.from(FAILING_BOOT).toString('base64'),
      InstanceInitiatedShutdownBehavior: behavior,
    }),
  );
  return out.Instances![0]!.InstanceId!;
}

async function describe1(id: string) {
  const out = await ec2.send(new DescribeInstancesCommand({ InstanceIds: [id] }));
  return out.Reservations![0]!.Instances![0]!;
}

/** Wait for the boot of an instance's host to end; resolves with the host's folder. */
async function bootEnded(id: string): Promise<string> {
  for (let i = 0; i < 200; i++) {
    const dir = fake.state.instances.get(id)?.host?.dir;
    if (dir && existsSync(join(dir, 'boot.exit'))) return dir;
    await sleep(50);
  }
  throw new Error(`the boot of ${id} never ended`);
}

describe('fake-backed instance-initiated shutdown (real hosts)', () => {
  beforeAll(async () => {
    await hosts.up();
    await fake.start();
    ec2 = new EC2Client({
      endpoint: fake.endpoint,
      region: 'us-west-2',
      credentials: { accessKeyId: 'AKIDSHUTTEST', secretAccessKey: 'secret' },
      maxAttempts: 1,
    });
    const keys = makeKeyPair(tmp);
    await ec2.send(new ImportKeyPairCommand({ KeyName: 'shut-key', PublicKeyMaterial: Buffer.from(keys.publicKey) }));
  });
  afterAll(async () => {
    ec2?.destroy();
    await fake.stop();
    await hosts.sweep();
    rmSync(tmp, { recursive: true, force: true });
  });

  it("terminates an instance whose boot runs shutdown, with EC2's reason, and destroys its host", async () => {
    const id = await launch('terminate');
    const dir = await bootEnded(id);
    expect(readFileSync(join(dir, 'log', 'boot.log'), 'utf8')).toBe('failing\nafter shutdown: 0\n');
    expect(readFileSync(join(dir, 'shutdown-requested'), 'utf8')).toMatch(/shutdown -h now\n$/);
    const seen = await describe1(id);
    expect([seen.State?.Name, seen.StateReason?.Code]).toEqual(['shutting-down', 'Client.InstanceInitiatedShutdown']);
    await fake.settle();
    expect((await describe1(id)).State?.Name).toBe('terminated');
    expect(existsSync(dir)).toBe(false);
  });

  it('leaves one with the default behavior (stop) running', async () => {
    const id = await launch();
    await bootEnded(id);
    expect((await describe1(id)).State?.Name).toBe('running');
  });
});
