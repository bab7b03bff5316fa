import { execFileSync } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { startupScript } from './boot.js';
import { rootLoginLines, type RootLoginPaths } from './root-login.js';

const tmp = mkdtempSync(join(tmpdir(), 'gce-root-login-'));
const KEY = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIHx0 o'brien@laptop";

/** A scratch root, sshd folder (with `config` as sshd_config) and a `systemctl` that records its arguments. */
function scratch(name: string, config: string, google: boolean): RootLoginPaths & { bin: string; calls: string } {
  const dir = join(tmp, name);
  const paths = {
    root: join(dir, 'root'),
    sshd: join(dir, 'ssh'),
    gceMarker: join(dir, 'google_metadata_script_runner'),
  };
  mkdirSync(join(paths.sshd, 'sshd_config.d'), { recursive: true });
  mkdirSync(paths.root);
  writeFileSync(join(paths.sshd, 'sshd_config'), config);
  if (google) writeFileSync(paths.gceMarker, '');
  // systemctl is faked: reloading this machine's sshd is what must not happen here.
  const bin = join(dir, 'bin');
  mkdirSync(bin);
  const calls = join(dir, 'calls');
  writeFileSync(join(bin, 'systemctl'), `#!/bin/sh\necho "$@" >> ${calls}\n`);
  chmodSync(join(bin, 'systemctl'), 0o755);
  return { ...paths, bin, calls };
}

function run(s: ReturnType<typeof scratch>): string {
  const script = ['set -eu', ...rootLoginLines(`toil:${KEY}`, s)].join('\n');
  return execFileSync('sh', ['-c', script], { env: { PATH: `${s.bin}:/usr/bin:/bin` }, encoding: 'utf8' });
}

afterAll(() => rmSync(tmp, { recursive: true, force: true }));

describe('root login from the startup script', () => {
  it("adds the ssh-keys entry's key to root's authorized_keys once, private, beside keys already there", () => {
    const s = scratch('keys', '#PermitRootLogin prohibit-password\n', false);
    mkdirSync(join(s.root, '.ssh'));
    writeFileSync(join(s.root, '.ssh', 'authorized_keys'), 'ssh-rsa AAAAother other@host\n');
    run(s);
    run(s); // a second boot (a restarted VM runs its startup script again) adds nothing
    const keys = join(s.root, '.ssh', 'authorized_keys');
    expect(readFileSync(keys, 'utf8')).toBe(`ssh-rsa AAAAother other@host\n${KEY}\n`);
    expect((statSync(keys).mode & 0o777).toString(8)).toBe('600');
    expect((statSync(join(s.root, '.ssh')).mode & 0o777).toString(8)).toBe('700');
  });

  it("turns a Google image's PermitRootLogin no into prohibit-password and reloads sshd", () => {
    const s = scratch(
      'google',
      'Include /etc/ssh/sshd_config.d/*.conf\nPermitRootLogin no\nPasswordAuthentication no\n',
      true,
    );
    writeFileSync(join(s.sshd, 'sshd_config.d', 'cloud.conf'), '  permitrootlogin  no \n');
    expect(run(s)).toBe('toil boot: root may log in with a key (PermitRootLogin prohibit-password)\n');
    expect(readFileSync(join(s.sshd, 'sshd_config'), 'utf8')).toBe(
      'Include /etc/ssh/sshd_config.d/*.conf\nPermitRootLogin prohibit-password\nPasswordAuthentication no\n',
    );
    expect(readFileSync(join(s.sshd, 'sshd_config.d', 'cloud.conf'), 'utf8')).toBe(
      'PermitRootLogin prohibit-password\n',
    );
    expect(readFileSync(s.calls, 'utf8')).toBe('reload ssh\n');
  });

  it("leaves sshd alone where root may log in, and off Google (the rig's hosts share the machine's /etc)", () => {
    const allowed = scratch('allowed', '#PermitRootLogin prohibit-password\nPermitRootLogin yes\n', true);
    expect(run(allowed)).toBe('');
    expect(readFileSync(join(allowed.sshd, 'sshd_config'), 'utf8')).toBe(
      '#PermitRootLogin prohibit-password\nPermitRootLogin yes\n',
    );
    const rig = scratch('rig', 'PermitRootLogin no\n', false);
    expect(run(rig)).toBe('');
    expect(readFileSync(join(rig.sshd, 'sshd_config'), 'utf8')).toBe('PermitRootLogin no\n');
    expect(readFileSync(join(rig.root, '.ssh', 'authorized_keys'), 'utf8')).toBe(`${KEY}\n`);
  });

  it('puts the lines first in the startup script, right after #!, only when there is an ssh-keys entry', () => {
    const base = { clusterName: 'c1', zone: 'us-west1-a', project: 'p', keyPairName: 'toil', version: '1.0.0' };
    const script = startupScript({ ...base, role: 'worker', sshKeys: `toil:${KEY}` });
    const lines = script.split('\n');
    expect(lines[0]).toBe('#!/bin/sh');
    expect(lines[1]).toBe('mkdir -p /root/.ssh && chmod 700 /root/.ssh');
    expect(script).toContain(
      "printf '%s\\n' 'ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIHx0 o'\\''brien@laptop' >> /root/.ssh/authorized_keys",
    );
    expect(script).toContain('[ -e /usr/bin/google_metadata_script_runner ]');
    expect(startupScript({ ...base, role: 'worker' })).not.toContain('authorized_keys');
  });
});
