import { spawn } from 'node:child_process';
import { open, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

/** Where a host's boot (user data) leaves its traces, as cloud-init's output log and a status file. */
export function bootPaths(hostDir: string): { script: string; log: string; exit: string } {
  return {
    script: join(hostDir, 'user-data'),
    log: join(hostDir, 'log', 'boot.log'),
    exit: join(hostDir, 'boot.exit'),
  };
}

/**
 * Run a host's user data as its boot, inside the host (its network, mount and UTS namespaces, joined through
 * sshd's PID), detached in its own session so it outlives the process that created the host. A script starting
 * with `#!` runs by its interpreter line as cloud-init does; anything else runs with /bin/sh. Output goes to
 * `log/boot.log`, the exit status to `boot.exit`. Resolves with the boot's PID.
 */
export async function startBoot(hostDir: string, anchorPid: number, userData: string): Promise<number> {
  const paths = bootPaths(hostDir);
  await writeFile(paths.script, userData, { mode: 0o700 });
  const runner = userData.startsWith('#!') ? `'${paths.script}'` : `/bin/sh '${paths.script}'`;
  const log = await open(paths.log, 'a', 0o600);
  try {
    const child = spawn(
      'nsenter',
      ['-t', String(anchorPid), '-n', '-m', '-u', '--', 'sh', '-c', `cd /root; ${runner}; echo $? > '${paths.exit}'`],
      {
        detached: true,
        stdio: ['ignore', log.fd, log.fd],
        env: { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: '/root', LANG: 'C.UTF-8' },
      },
    );
    child.unref();
    if (child.pid === undefined) throw new Error('could not start the boot process (nsenter)');
    return child.pid;
  } finally {
    await log.close();
  }
}
