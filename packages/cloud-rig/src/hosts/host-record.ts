import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

/** What the rig knows of one host, kept in `<hostDir>/host.json` so a later process (or a sweep) can remove it. */
export interface HostRecord {
  /** The host's name and hostname, EC2-style from its address: `ip-10-77-0-12`. */
  name: string;
  /** Its address on the rig's bridge. */
  ip: string;
  /** Last octet of the address. */
  index: number;
  /** Network namespace name. */
  netns: string;
  /** Root-side veth name. */
  veth: string;
  /** The host's state folder (its /root is `<dir>/home`). */
  dir: string;
  /** sshd's PID: it holds the host's mount and UTS namespaces; everything else on the host joins them through it. */
  sshdPid?: number;
  /** PID of the boot (user data) process, while it runs. */
  bootPid?: number;
  /** The host's ed25519 public key line (`ssh-ed25519 AAAA...`), for clients to pin. */
  hostPublicKey?: string;
  /** When the host was created (ISO 8601). */
  createdAt: string;
}

/** Path of a host's record file. */
export function recordPath(hostDir: string): string {
  return join(hostDir, 'host.json');
}

/** Write a host's record (mode 0600). */
export async function saveRecord(record: HostRecord): Promise<void> {
  await writeFile(recordPath(record.dir), JSON.stringify(record, null, 2), { mode: 0o600 });
}

/** Read a host's record, or undefined when there is none (a host that failed before its first save). */
export async function loadRecord(hostDir: string): Promise<HostRecord | undefined> {
  try {
    return JSON.parse(await readFile(recordPath(hostDir), 'utf8')) as HostRecord;
  } catch {
    return undefined;
  }
}
