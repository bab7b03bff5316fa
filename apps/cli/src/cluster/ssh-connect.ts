import type { Client } from 'ssh2';
import { ToilError } from '@toil/core';
import { verifyHostKey } from './known-hosts.js';
import { privateKey, sshIdentity } from './ssh-key.js';

/** A cluster node as ssh reaches it (core's `ClusterLeader`). */
export interface SshTarget {
  id: string;
  address: string;
  user: string;
}

/**
 * Log in to a node with ssh2 (key file and/or agent from {@link sshIdentity}), its host key pinned by instance ID.
 * Resolves with the ready connection; `readyTimeout` bounds the whole handshake.
 */
export async function connect(target: SshTarget, readyTimeoutMs = 20_000): Promise<Client> {
  const identity = sshIdentity();
  // ssh2 is CommonJS and only the cluster commands need it: loaded here, not when the CLI starts.
  const { Client: SshClient, utils } = (await import('ssh2')).default;
  const conn = new SshClient();
  let keyError: unknown;
  await new Promise<void>((resolve, reject) => {
    conn
      .once('ready', () => resolve())
      .once('error', (error) => reject(keyError ?? error))
      .connect({
        host: target.address,
        port: 22,
        username: target.user,
        privateKey: privateKey(identity),
        agent: identity.agent,
        readyTimeout: readyTimeoutMs,
        hostVerifier: (key: Buffer) => {
          const parsed = utils.parseKey(key);
          const type = parsed instanceof Error ? 'ssh-unknown' : (Array.isArray(parsed) ? parsed[0] : parsed)?.type;
          try {
            verifyHostKey(target.id, target.address, `${type} ${key.toString('base64')}`);
            return true;
          } catch (error) {
            keyError = error;
            return false;
          }
        },
      });
  });
  return conn;
}

/** Run a command and resolve with its exit code and output, collected (for checks, not for users). */
export function execCollect(conn: Client, command: string): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    conn.exec(command, (error, stream) => {
      if (error) return reject(error);
      let stdout = '';
      let stderr = '';
      stream.on('data', (d: Buffer) => (stdout += d.toString()));
      stream.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
      stream.on('close', (code: number | null) => resolve({ code: code ?? 255, stdout, stderr }));
    });
  });
}

/**
 * What a node must answer before it counts as up: its boot finished (`/root/.toil/boot-done`, written last by its
 * user data) and, on a node with Slurm (`SLURM_CONF` in its cluster.env), `sinfo` answers, since the boot only
 * starts slurmctld and a workflow run at once would find no controller. `timeout` bounds sinfo's own retries.
 */
const READY_CHECK = [
  'test "$(cat /root/.toil/boot-done 2>/dev/null)" = ok || { echo booting; exit 0; }',
  '. /root/.toil/cluster.env',
  'if [ -n "${SLURM_CONF:-}" ] && ! timeout 10 sinfo -h -o %a >/dev/null 2>&1; then echo slurm; exit 0; fi',
  'echo ready',
].join('\n');

/**
 * Wait until the node's boot has finished and its Slurm answers ({@link READY_CHECK}): ssh refused while it comes
 * up is retried until the deadline, and a boot that fails is reported with the end of its log.
 */
export async function waitForBoot(target: SshTarget, timeoutMs: number): Promise<number> {
  const started = Date.now();
  let last = 'no answer on port 22';
  while (Date.now() - started < timeoutMs) {
    try {
      const conn = await connect(target, 10_000);
      try {
        const r = await execCollect(conn, READY_CHECK);
        if (r.stdout.trim() === 'ready') return Date.now() - started;
        last = r.stdout.trim() === 'slurm' ? 'Slurm does not answer sinfo yet' : 'its boot has not finished';
      } finally {
        conn.end();
      }
    } catch (error) {
      if (ToilError.is(error)) throw error;
      last = (error as Error).message;
    }
    await new Promise((r) => setTimeout(r, 500));
  }
  throw new ToilError(
    'BOOT_TIMEOUT',
    `The leader ${target.id} (${target.address}) was not ready after ${Math.round(timeoutMs / 1000)} s (${last}). Look at its boot log (/var/log/cloud-init-output.log), then 'toil destroy-cluster'.`,
  );
}
