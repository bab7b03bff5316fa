import { mkdtempSync, rmSync, existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeKeyPair } from '../testing/keys.js';
import { sshExec } from '../testing/ssh-exec.js';
import { run } from './exec.js';
import { HostManager } from './host-manager.js';
import { isAlive } from './pids.js';

const tmp = mkdtempSync(join(tmpdir(), 'rig-hosts-'));
const rig = new HostManager({ id: 'th', subnet: 201, stateRoot: join(tmp, 'state') });
const keys = makeKeyPair(tmp);

async function waitFor(path: string): Promise<string> {
  for (let i = 0; i < 100; i += 1) {
    const text = await readFile(path, 'utf8').catch(() => undefined);
    if (text !== undefined) return text;
    await sleep(50);
  }
  throw new Error(`${path} never appeared`);
}

describe('HostManager (real network namespaces and sshd)', () => {
  beforeAll(async () => {
    await rig.up();
  });
  afterAll(async () => {
    await rig.sweep();
    rmSync(tmp, { recursive: true, force: true });
  });

  it('creates hosts with their own address, hostname, /root and sshd, runs user data as boot, destroys them', async () => {
    const a = await rig.create({
      authorizedKeys: [keys.publicKey],
      userData: '#!/bin/sh\nhostname > /root/booted\necho booting $(hostname)\nexit 3\n',
    });
    const b = await rig.create({ authorizedKeys: [keys.publicKey] });
    expect(a.ip).toBe('10.77.201.10');
    expect(b.ip).toBe('10.77.201.11');
    expect(a.name).toBe('ip-10-77-201-10');

    expect(await waitFor(join(a.dir, 'boot.exit'))).toBe('3\n');
    expect(await readFile(join(a.dir, 'log', 'boot.log'), 'utf8')).toBe('booting ip-10-77-201-10\n');
    expect(await readFile(join(a.dir, 'home', 'booted'), 'utf8')).toBe('ip-10-77-201-10\n');

    const r = await sshExec(
      a.ip,
      keys.privateKey,
      a.hostPublicKey!,
      'hostname; cat /root/booted; ip -4 route; ls /root',
    );
    expect(r.code).toBe(0);
    const [hostname, booted, ...rest] = r.stdout.trim().split('\n');
    expect(hostname).toBe(a.name);
    expect(booted).toBe(a.name);
    expect(rest.join('\n')).toContain('10.77.201.0/24 dev eth0');
    expect(rest.join('\n')).not.toContain('default');
    // b's /root is its own: a's boot file is not there
    const rb = await sshExec(b.ip, keys.privateKey, b.hostPublicKey!, 'hostname; ls -A /root');
    expect(rb.stdout.trim().split('\n')).toEqual([b.name, '.ssh']);
    // a pinned key of the other host is refused
    await expect(sshExec(b.ip, keys.privateKey, a.hostPublicKey!, 'true')).rejects.toThrow();

    const sshd = a.sshdPid!;
    expect(await isAlive(sshd)).toBe(true);
    expect(await rig.destroy(a.name)).toBe(true);
    expect(await isAlive(sshd)).toBe(false);
    expect(await run('ip', ['netns', 'list'])).not.toContain(a.netns);
    expect(await run('ip', ['-o', 'link', 'show'])).not.toContain(a.veth);
    expect(existsSync(a.dir)).toBe(false);
    expect((await rig.list()).map((h) => h.name)).toEqual([b.name]);
    expect(await rig.destroy(a.name)).toBe(false);
  });

  it('gives hosts created at the same time different addresses', async () => {
    const made = await Promise.all([1, 2, 3].map(() => rig.create({ authorizedKeys: [keys.publicKey] })));
    expect(new Set(made.map((h) => h.ip)).size).toBe(3);
    for (const h of made) expect(await rig.destroy(h.name)).toBe(true);
  });

  it('sweeps what a killed run left: recorded hosts, unrecorded namespaces, the bridge', async () => {
    const c = await rig.create({ authorizedKeys: [keys.publicKey] });
    await run('ip', ['netns', 'add', 'trig-th-99']); // made by a run killed before it saved a record
    const other = new HostManager({ id: 'th', subnet: 201, stateRoot: join(tmp, 'state') }); // a later process
    const swept = await other.sweep();
    expect(swept.hosts).toBe(2);
    expect(swept.strays).toEqual(['trig-th-99']);
    expect(await isAlive(c.sshdPid!)).toBe(false);
    expect(await run('ip', ['netns', 'list'])).not.toMatch(/trig-th-/);
    expect(await run('ip', ['-o', 'link', 'show'])).not.toMatch(/trigth|vth-/);
    await rig.up(); // the bridge comes back for any later test
  });
});
