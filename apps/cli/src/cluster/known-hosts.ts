import { chmodSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { ToilError } from '@toil/core';

/**
 * Host keys of cluster leaders, trusted on first use and pinned after, keyed by instance ID (addresses are reused
 * between clusters, instance IDs are not): `~/.toil/known_hosts` (0600 in a 0700 folder), one
 * `<instanceId> <key type> <base64>` line each. A cloud gives no trustworthy way to learn a new instance's key
 * before the first login short of reading its console, which is what TOFU stands in for.
 */
export function knownHostsFile(): string {
  const dir = process.env.TOIL_HOME ?? join(homedir(), '.toil');
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  return join(dir, 'known_hosts');
}

function entries(): Map<string, string> {
  try {
    const lines = readFileSync(knownHostsFile(), 'utf8').split('\n').filter(Boolean);
    return new Map(lines.map((l) => [l.split(' ')[0]!, l.split(' ').slice(1).join(' ')]));
  } catch {
    return new Map();
  }
}

/** The pinned key line (`ssh-ed25519 AAAA...`) of an instance, if any. */
export function pinnedKey(instanceId: string): string | undefined {
  return entries().get(instanceId);
}

/** Check a host key against the pin, pinning it on first use; a different key is refused in one line. */
export function verifyHostKey(instanceId: string, address: string, keyLine: string): void {
  const all = entries();
  const pinned = all.get(instanceId);
  if (pinned === undefined) {
    all.set(instanceId, keyLine);
    const file = knownHostsFile();
    writeFileSync(file, [...all].map(([id, key]) => `${id} ${key}\n`).join(''), { mode: 0o600 });
    chmodSync(file, 0o600);
    return;
  }
  if (pinned !== keyLine) {
    throw new ToilError(
      'HOST_KEY_CHANGED',
      `The host key of ${instanceId} (${address}) is not the one pinned in ${knownHostsFile()}: someone may be in between. Remove its line there only if you know why it changed.`,
    );
  }
}
