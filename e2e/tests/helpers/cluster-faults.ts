/**
 * What the cluster fault e2e files (EC2 and GCE) share: the answer of the `hostFan` fixture (e2e/fixtures/
 * cluster-hosts.ts), the leader's `toil run` started under a recorded PID so it can be killed -9, and a plain ssh
 * probe of the leader for the many polls a test makes.
 */
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';

/** Where and when one of hostFan's jobs ran (the fixture's `Run`). */
export interface Run {
  /** The job's index, 0 to n-1. */
  i: number;
  /** `os.hostname()` where it ran: a rig host's name, as Slurm knows it. */
  host: string;
  /** When it started and ended, ms since the epoch (the rig's hosts share this machine's clock). */
  start: number;
  end: number;
}

/** hostFan's answer: the sum of i*i over its jobs, and every job's run. */
export interface HostFanResult {
  sum: number;
  runs: Run[];
}

/** The sum hostFan answers for `n` jobs: 0² + 1² + ... + (n-1)². */
export function sumOfSquares(n: number): number {
  return ((n - 1) * n * (2 * n - 1)) / 6;
}

/**
 * A command for the leader that records the PID of the `toil run` it execs in /root/leader.pid: the rig's hosts
 * share this machine's PID space, so the test kills that process by its PID rather than any `toil` by name.
 */
export function recordingLeaderPid(command: string): string {
  return `sh -c 'echo $$ > /root/leader.pid; exec ${command.replaceAll("'", `'\\''`)}'`;
}

/** Kills the leader's `toil run` started with {@link recordingLeaderPid}. */
export const KILL_LEADER = 'kill -9 "$(cat /root/leader.pid)"';

/**
 * A command on the leader over plain OpenSSH as root with the cluster's key: for polls (squeue, sinfo), where
 * `ssh-cluster` would load the cloud SDK on every probe. The rig's host keys are fresh per run, hence no checking.
 */
export function leaderShell(address: string, key: string): (command: string) => Promise<string> {
  return async (command) => {
    const { stdout } = await promisify(execFile)(
      'ssh',
      [
        '-i',
        key,
        '-o',
        'BatchMode=yes',
        '-o',
        'StrictHostKeyChecking=no',
        '-o',
        'UserKnownHostsFile=/dev/null',
        '-o',
        'LogLevel=ERROR',
        `root@${address}`,
        command,
      ],
      { timeout: 60_000, env: { ...process.env, SSH_AUTH_SOCK: '' } },
    );
    return stdout;
  };
}
