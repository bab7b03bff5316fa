import { DescribeInstancesCommand, EC2Client, ImportKeyPairCommand, RunInstancesCommand } from '@aws-sdk/client-ec2';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HostManager } from '../hosts/host-manager.js';
import { makeKeyPair } from '../testing/keys.js';
import { Ec2Fake } from './server.js';

const tmp = mkdtempSync(join(tmpdir(), 'rig-spot-'));
const hosts = new HostManager({ id: 'ts', subnet: 234, stateRoot: join(tmp, 'state') });
const fake = new Ec2Fake({ hosts, listenHost: hosts.layout.bridgeIp, accessKeyId: 'AKIDSPOTTEST' });
const ec2 = () =>
  new EC2Client({
    endpoint: fake.endpoint,
    region: 'us-west-2',
    credentials: { accessKeyId: 'AKIDSPOTTEST', secretAccessKey: 'secret' },
    maxAttempts: 1,
  });

/** The rig's own action, sent as a form like every EC2 request (the fake reads the key from the scope only). */
async function interrupt(id: string): Promise<{ status: number; body: string }> {
  const response = await fetch(fake.endpoint, {
    method: 'POST',
    headers: {
      'content-type': 'application/x-www-form-urlencoded',
      authorization: 'AWS4-HMAC-SHA256 Credential=AKIDSPOTTEST/20260101/us-west-2/ec2/aws4_request, Signature=0',
    },
    body: `Action=ToilRigInterruptSpot&Version=2016-11-15&InstanceId=${id}`,
  });
  return { status: response.status, body: await response.text() };
}

async function launch(c: EC2Client, spot: boolean): Promise<string> {
  const out = await c.send(
    new RunInstancesCommand({
      ImageId: 'ami-0123456789abcdef0',
      InstanceType: 't2.micro',
      MinCount: 1,
      MaxCount: 1,
      KeyName: 'spot-key',
      InstanceMarketOptions: spot ? { MarketType: 'spot', SpotOptions: { MaxPrice: '0.02' } } : undefined,
    }),
  );
  return out.Instances![0]!.InstanceId!;
}

describe('fake-backed ToilRigInterruptSpot (real hosts)', () => {
  beforeAll(async () => {
    await hosts.up();
    await fake.start();
    const c = ec2();
    const keys = makeKeyPair(tmp);
    await c.send(new ImportKeyPairCommand({ KeyName: 'spot-key', PublicKeyMaterial: Buffer.from(keys.publicKey) }));
    c.destroy();
  });
  afterAll(async () => {
    await fake.stop();
    await hosts.sweep();
    rmSync(tmp, { recursive: true, force: true });
  });

  it("reclaims a spot instance from outside the process, with EC2's reason, and refuses anything else", async () => {
    const c = ec2();
    const spot = await launch(c, true);
    const onDemand = await launch(c, false);
    await fake.settle();
    const spotHost = fake.state.instances.get(spot)!.host!.name;

    const reclaimed = await interrupt(spot);
    expect(reclaimed.status, reclaimed.body).toBe(200);
    expect(reclaimed.body).toContain('<currentState>shutting-down</currentState>');
    await fake.settle();
    const [after] = (await c.send(new DescribeInstancesCommand({ InstanceIds: [spot] }))).Reservations![0]!.Instances!;
    expect([after!.State?.Name, after!.StateReason?.Code]).toEqual(['terminated', 'Server.SpotInstanceTermination']);
    expect((await hosts.list()).map((h) => h.name)).not.toContain(spotHost);

    const refused = await interrupt(onDemand);
    expect(refused.status).toBe(400);
    expect(refused.body).toContain('<Code>InvalidParameterValue</Code>');
    expect(fake.state.instances.get(onDemand)!.state).toBe('running');
    const unknown = await interrupt('i-0000000000000000f');
    expect(unknown.body).toContain('<Code>InvalidInstanceID.NotFound</Code>');
    c.destroy();
  });
});
