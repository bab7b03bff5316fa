import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { startBoot } from './boot.js';
import { run } from './exec.js';
import { saveRecord, type HostRecord } from './host-record.js';
import type { RigLayout } from './rig-config.js';
import { sshdConfig } from './sshd-config.js';

/** What a new host gets. */
export interface HostSpec {
  /** Authorized public keys for root (the instance's key pair), one `ssh-... AAAA...` line each. */
  authorizedKeys: readonly string[];
  /** The instance's user data, run as its boot; none when undefined. */
  userData?: string;
}

async function waitForPidFile(path: string, timeoutMs: number): Promise<number> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const text = await readFile(path, 'utf8').catch(() => '');
    const pid = Number.parseInt(text, 10);
    if (pid > 0) return pid;
    if (Date.now() > deadline) throw new Error(`sshd wrote no PID file ${path} within ${timeoutMs} ms`);
    await sleep(20);
  }
}

/**
 * Make one host: a network namespace with a veth on the rig's bridge (its own address, no default route), its own
 * /etc/hosts and resolv.conf (resolver 127.0.0.1, so no DNS query leaves the machine), its own hostname and /root
 * (private mount and UTS namespaces), and a real sshd. The record is saved before each step that creates
 * something, so a failure half-way (or a killed process) leaves a record that destroy and sweep can act on.
 */
export async function createHost(layout: RigLayout, index: number, spec: HostSpec): Promise<HostRecord> {
  const ip = `${layout.prefix}.${index}`;
  const name = `ip-${ip.replaceAll('.', '-')}`;
  const dir = join(layout.hostsDir, name);
  const record: HostRecord = {
    name,
    ip,
    index,
    netns: `trig-${layout.id}-${index}`,
    veth: `v${layout.id}-${index}`,
    dir,
    createdAt: new Date().toISOString(),
  };
  for (const sub of ['etc', 'home/.ssh', 'log', 'run', 'work']) {
    await mkdir(join(dir, sub), { recursive: true, mode: 0o700 });
  }
  await saveRecord(record);

  await run('ip', ['netns', 'add', record.netns]);
  await run('ip', ['link', 'add', record.veth, 'type', 'veth', 'peer', 'name', 'eth0', 'netns', record.netns]);
  await run('ip', ['link', 'set', record.veth, 'master', layout.bridge, 'up']);
  await run('ip', ['-n', record.netns, 'addr', 'add', `${ip}/24`, 'dev', 'eth0']);
  await run('ip', ['-n', record.netns, 'link', 'set', 'eth0', 'up']);
  await run('ip', ['-n', record.netns, 'link', 'set', 'lo', 'up']);

  const etc = join(dir, 'etc');
  await writeFile(join(etc, 'hosts'), `127.0.0.1 localhost\n${ip} ${name}\n${layout.bridgeIp} rig-gateway\n`);
  await writeFile(join(etc, 'resolv.conf'), 'nameserver 127.0.0.1\n');
  const hostKey = join(etc, 'ssh_host_ed25519_key');
  await run('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-C', name, '-f', hostKey]);
  const authorizedKeys = join(dir, 'home', '.ssh', 'authorized_keys');
  await writeFile(authorizedKeys, spec.authorizedKeys.map((k) => `${k.trim()}\n`).join(''), { mode: 0o600 });
  const pidFile = join(dir, 'run', 'sshd.pid');
  await writeFile(join(etc, 'sshd_config'), sshdConfig({ ip, hostKey, pidFile, authorizedKeys, hostName: name }));
  // sshd refuses to start without its privilege separation folder (the Debian package makes it at boot).
  await mkdir('/run/sshd', { recursive: true, mode: 0o755 });

  // A host shares this machine's binaries and the boot runs as root: the real shutdown/poweroff (systemctl) would
  // stop the machine. In the host's own mount namespace they are this script, which asks the cloud fake to stop
  // the instance (`shutdownRequested`), as a cloud's instance-initiated shutdown does.
  const shim = join(etc, 'rig-shutdown');
  await writeFile(shim, `#!/bin/sh\necho "$0 $*" > '${shutdownMarker(dir)}'\n`, { mode: 0o755 });
  const stoppers = ['/usr/sbin/shutdown', '/sbin/shutdown', '/usr/sbin/poweroff', '/sbin/poweroff', '/usr/sbin/halt'];
  // Not `ip netns exec`: it remounts /sys, hiding the cgroup tree slurmd needs. The binds are done by hand instead.
  const inside = [
    `hostname '${name}'`,
    ...stoppers.map((p) => `{ [ ! -e ${p} ] || mount --bind '${shim}' ${p}; }`),
    `mount --bind '${etc}/hosts' /etc/hosts`,
    `mount --bind '${etc}/resolv.conf' /etc/resolv.conf`,
    `mount --bind '${dir}/home' /root`,
    `exec /usr/sbin/sshd -f '${etc}/sshd_config' -E '${dir}/log/sshd.log'`,
  ].join(' && ');
  await run('nsenter', [
    `--net=/run/netns/${record.netns}`,
    'unshare',
    '--mount',
    '--uts',
    '--propagation',
    'slave',
    'sh',
    '-c',
    inside,
  ]);
  record.sshdPid = await waitForPidFile(pidFile, 5_000);
  record.hostPublicKey = (await readFile(`${hostKey}.pub`, 'utf8')).split(' ').slice(0, 2).join(' ');
  await saveRecord(record);

  if (spec.userData !== undefined) {
    record.bootPid = await startBoot(dir, record.sshdPid, spec.userData);
    await saveRecord(record);
  }
  return record;
}

/** The file a host's `shutdown` writes (see createHost): the host asked to be stopped. */
export function shutdownMarker(hostDir: string): string {
  return join(hostDir, 'shutdown-requested');
}
