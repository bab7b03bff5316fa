import {
  FirewallsClient,
  GlobalOperationsClient,
  InstancesClient,
  MachineTypesClient,
  ZoneOperationsClient,
  ZonesClient,
} from '@google-cloud/compute';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HostManager } from '../hosts/host-manager.js';
import { makeKeyPair } from '../testing/keys.js';
import { sshExec } from '../testing/ssh-exec.js';
import { GceFake } from './server.js';

const tmp = mkdtempSync(join(tmpdir(), 'rig-gce-'));
const hosts = new HostManager({ id: 'tg', subnet: 213, stateRoot: join(tmp, 'state') });
const fake = new GceFake({ hosts, listenHost: hosts.layout.bridgeIp, project: 'rig-project', token: 'rig-token-1' });
const keys = makeKeyPair(tmp);
const project = 'rig-project';
const zone = 'us-west1-b';

/** The SDK's REST transport pointed at the fake; the API key is sent as `X-Goog-Api-Key`. */
function options(apiKey = 'rig-token-1') {
  const { hostname, port } = new URL(fake.endpoint);
  return { apiEndpoint: hostname, port: Number(port), protocol: 'http', fallback: true, apiKey };
}

let instances: InstancesClient;
let zoneOps: ZoneOperationsClient;

async function waitZoneOp(name: string | null | undefined): Promise<{ status?: unknown; error?: unknown }> {
  for (;;) {
    const [op] = await zoneOps.wait({ project, zone, operation: name! });
    if (op.status === 'DONE') return op;
  }
}

describe('fake-backed GCE API (real SDK requests, real hosts)', () => {
  beforeAll(async () => {
    await hosts.up();
    await fake.start();
    instances = new InstancesClient(options());
    zoneOps = new ZoneOperationsClient(options());
  });
  afterAll(async () => {
    await fake.stop();
    await hosts.sweep();
    rmSync(tmp, { recursive: true, force: true });
  });

  it('refuses requests without the token with a 401 in GCE error JSON', async () => {
    const res = await fetch(`${fake.endpoint}/compute/v1/projects/${project}/zones`);
    expect(res.status).toBe(401);
    const body = (await res.json()) as { error: { code: number; status: string; errors: Array<{ reason: string }> } };
    expect([body.error.code, body.error.status, body.error.errors[0]!.reason]).toEqual([
      401,
      'UNAUTHENTICATED',
      'required',
    ]);
    const bearer = await fetch(`${fake.endpoint}/compute/v1/projects/${project}/zones/${zone}`, {
      headers: { authorization: 'Bearer rig-token-1' },
    });
    expect(((await bearer.json()) as { name: string }).name).toBe(zone);
    const wrong = new ZonesClient(options('someone-else'));
    await expect(wrong.get({ project, zone })).rejects.toThrow(/invalid authentication credentials/);
    await wrong.close();
  });

  it('answers zones and machine types with real shapes, and 404s for unknown ones', async () => {
    const zones = new ZonesClient(options());
    const [list] = await zones.list({ project });
    expect(list.map((z) => z.name)).toContain('us-central1-a');
    await expect(zones.get({ project, zone: 'us-west9-z' })).rejects.toThrow(
      `The resource 'projects/${project}/zones/us-west9-z' was not found`,
    );
    await expect(zones.get({ project: 'other', zone })).rejects.toThrow("The resource 'projects/other' was not found");
    const types = new MachineTypesClient(options());
    const [small] = await types.get({ project, zone, machineType: 'e2-small' });
    const [n2] = await types.get({ project, zone, machineType: 'n2-standard-2' });
    expect([small.guestCpus, small.memoryMb, n2.guestCpus, n2.memoryMb]).toEqual([2, 2048, 2, 8192]);
    await expect(types.get({ project, zone, machineType: 'z9-huge' })).rejects.toThrow(/was not found/);
    await zones.close();
    await types.close();
  });

  it('inserts, lists and deletes firewalls through global operations', async () => {
    const firewalls = new FirewallsClient(options());
    const globalOps = new GlobalOperationsClient(options());
    const [res] = await firewalls.insert({
      project,
      firewallResource: {
        name: 'fw-ssh',
        description: 'test',
        sourceRanges: ['0.0.0.0/0'],
        targetTags: ['t1'],
        allowed: [{ IPProtocol: 'tcp', ports: ['22'] }],
      },
    });
    const [op] = await globalOps.wait({ project, operation: res.latestResponse.name! });
    expect(op.status).toBe('DONE');
    const [list] = await firewalls.list({ project, filter: 'name = "fw-ssh"' });
    expect(list.map((f) => [f.name, f.allowed?.[0]?.IPProtocol, f.allowed?.[0]?.ports, f.targetTags])).toEqual([
      ['fw-ssh', 'tcp', ['22'], ['t1']],
    ]);
    await expect(
      firewalls.insert({ project, firewallResource: { name: 'fw-ssh', allowed: [{ IPProtocol: 'tcp' }] } }),
    ).rejects.toThrow(/already exists/);
    await firewalls.delete({ project, firewall: 'fw-ssh' });
    expect(fake.state.firewalls.size).toBe(0);
    await firewalls.close();
    await globalOps.close();
  });

  it('runs an instance as a real host: startup-script as boot, ssh-keys for root, labels, spot; preempts and deletes it', async () => {
    const resource = (name: string, machineType = `zones/${zone}/machineTypes/e2-small`) => ({
      name,
      machineType,
      labels: { 'toil-cluster': 'c1', 'toil-node-type': 'worker' },
      tags: { items: ['toil-c1'] },
      scheduling: { preemptible: true, provisioningModel: 'SPOT', instanceTerminationAction: 'STOP' },
      disks: [
        {
          boot: true,
          autoDelete: true,
          initializeParams: { diskSizeGb: '40', sourceImage: 'projects/debian-cloud/global/images/family/debian-12' },
        },
      ],
      networkInterfaces: [{ network: 'global/networks/default', accessConfigs: [{ type: 'ONE_TO_ONE_NAT' }] }],
      metadata: {
        items: [
          {
            key: 'startup-script',
            value: '#!/bin/sh\necho "booted on $(hostname)" > /root/booted\necho boot-output\n',
          },
          { key: 'ssh-keys', value: `toil:${keys.publicKey}` },
        ],
      },
    });
    await expect(
      instances.insert({ project, zone, instanceResource: resource('w1', 'zones/us-west1-b/machineTypes/z9') }),
    ).rejects.toThrow("Machine type with name 'z9' does not exist in zone 'us-west1-b'");
    const [res] = await instances.insert({ project, zone, instanceResource: resource('w1') });
    expect((await waitZoneOp(res.latestResponse.name)).error).toBeFalsy();
    const [w1] = await instances.get({ project, zone, instance: 'w1' });
    expect([w1.status, w1.labels, w1.scheduling?.provisioningModel, w1.disks?.[0]?.diskSizeGb]).toEqual([
      'RUNNING',
      { 'toil-cluster': 'c1', 'toil-node-type': 'worker' },
      'SPOT',
      '40',
    ]);
    const host = fake.state.instances.get(String(w1.id))!.host!;
    expect(w1.networkInterfaces?.[0]?.networkIP).toBe(host.ip);
    expect(w1.hostname?.split('.')[0]).toBe(host.name);
    // the boot ran the startup script inside the host; root logs in with the ssh-keys entry's key
    for (let i = 0; i < 100 && !existsSync(join(host.dir, 'boot.exit')); i += 1)
      await new Promise((r) => setTimeout(r, 50));
    expect(readFileSync(join(host.dir, 'boot.exit'), 'utf8')).toBe('0\n');
    expect(readFileSync(join(host.dir, 'log', 'boot.log'), 'utf8')).toContain('boot-output');
    const out = await sshExec(host.ip, keys.privateKey, host.hostPublicKey!, 'cat /root/booted; hostname');
    expect(out.stdout).toBe(`booted on ${host.name}\n${host.name}\n`);

    await expect(instances.insert({ project, zone, instanceResource: resource('w1') })).rejects.toThrow(
      /already exists/,
    );
    const [listed] = await instances.list({ project, zone, filter: 'labels.toil-cluster = "c1"' });
    expect(listed.map((i) => i.name)).toEqual(['w1']);
    const [none] = await instances.list({ project, zone, filter: '(labels.toil-cluster = "c2") (status = RUNNING)' });
    expect(none).toEqual([]);

    await fake.preempt('w1');
    const [preempted] = await instances.get({ project, zone, instance: 'w1' });
    expect([preempted.status, preempted.statusMessage]).toEqual(['TERMINATED', 'Instance was preempted.']);
    expect(await hosts.list()).toEqual([]);

    const [del] = await instances.delete({ project, zone, instance: 'w1' });
    expect((await waitZoneOp(del.latestResponse.name)).status).toBe('DONE');
    await expect(instances.get({ project, zone, instance: 'w1' })).rejects.toThrow(/was not found/);
    expect(fake.state.instances.size).toBe(0);
  });
  it("fails the boots asked for (the rig's failNextBoots) and preempts spot VMs on simulateMaintenanceEvent", async () => {
    const spot = (name: string, spotVm: boolean) => ({
      name,
      machineType: `zones/${zone}/machineTypes/e2-micro`,
      scheduling: spotVm ? { provisioningModel: 'SPOT', instanceTerminationAction: 'DELETE' } : {},
      disks: [
        { boot: true, initializeParams: { sourceImage: 'projects/debian-cloud/global/images/family/debian-12' } },
      ],
      metadata: { items: [{ key: 'startup-script', value: '#!/bin/sh\necho fine\n' }] },
    });
    const ask = (count: unknown) =>
      fetch(`${fake.endpoint}/compute/v1/projects/${project}/toilRig/failNextBoots`, {
        method: 'POST',
        headers: { authorization: 'Bearer rig-token-1', 'content-type': 'application/json' },
        body: JSON.stringify({ count }),
      });
    const refused = await ask(-1);
    expect([refused.status, ((await refused.json()) as { error: { message: string } }).error.message]).toEqual([
      400,
      "Invalid value for field 'count': '-1'. Must be an integer >= 0.",
    ]);
    expect(await (await ask(1)).json()).toEqual({ failNextBoots: 1 });
    const bootExit = async (name: string) => {
      const host = [...fake.state.instances.values()].find((i) => i.name === name)!.host!;
      for (let i = 0; i < 200 && !existsSync(join(host.dir, 'boot.exit')); i += 1)
        await new Promise((r) => setTimeout(r, 50));
      return [
        readFileSync(join(host.dir, 'boot.exit'), 'utf8'),
        readFileSync(join(host.dir, 'log', 'boot.log'), 'utf8'),
      ];
    };
    // the first insert after the ask boots the failing script (and still runs), the second its own
    for (const [name, spotVm] of [
      ['bad', false],
      ['good', true],
    ] as const) {
      const [res] = await instances.insert({ project, zone, instanceResource: spot(name, spotVm) });
      expect((await waitZoneOp(res.latestResponse.name)).error).toBeFalsy();
    }
    expect(await bootExit('bad')).toEqual(['1\n', expect.stringContaining('this boot fails on purpose')]);
    expect(await bootExit('good')).toEqual(['0\n', expect.stringContaining('fine')]);
    const [bad] = await instances.get({ project, zone, instance: 'bad' });
    expect(bad.status).toBe('RUNNING');
    expect(fake.state.failBoots).toBe(0);

    // a standard VM is left as it is (GCE live-migrates it); a spot VM with DELETE is preempted and gone
    const [kept] = await instances.simulateMaintenanceEvent({ project, zone, instance: 'bad' });
    expect((await waitZoneOp(kept.latestResponse.name)).error).toBeFalsy();
    expect((await instances.get({ project, zone, instance: 'bad' }))[0].status).toBe('RUNNING');
    const [gone] = await instances.simulateMaintenanceEvent({ project, zone, instance: 'good' });
    expect((await waitZoneOp(gone.latestResponse.name)).error).toBeFalsy();
    await expect(instances.get({ project, zone, instance: 'good' })).rejects.toThrow(/was not found/);
    await expect(instances.simulateMaintenanceEvent({ project, zone, instance: 'good' })).rejects.toThrow(
      /was not found/,
    );
    expect((await hosts.list()).length).toBe(1);
    const [del] = await instances.delete({ project, zone, instance: 'bad' });
    expect((await waitZoneOp(del.latestResponse.name)).status).toBe('DONE');
    expect(await hosts.list()).toEqual([]);
  });
});
