/** Guards and probes for the e2e tests on the real local schedulers that `npm test` starts (tooling/start-hpc.sh). */
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';

/** Throw, with the command that fixes it, unless the local Slurm node is up. */
export function requireSlurm(): void {
  let states: string;
  try {
    states = execFileSync('sinfo', ['-h', '-o', '%t'], { encoding: 'utf8', timeout: 10_000 });
  } catch (error) {
    throw new Error(
      `These tests need the local Slurm cluster (sinfo failed). Start it with: bash tooling/start-slurm.sh`,
      { cause: error },
    );
  }
  if (!/^(idle|mix|alloc)/m.test(states))
    throw new Error(
      `The local Slurm node is not up (sinfo: '${states.trim()}'). Restart it: bash tooling/stop-slurm.sh && bash tooling/start-slurm.sh`,
    );
}

/** Run a command and return its stdout (throws on failure). */
export function sh(command: string, args: string[]): string {
  return execFileSync(command, args, { encoding: 'utf8', timeout: 30_000 });
}

/** Wait for a file to exist and be non-empty; returns its contents. */
export async function waitForFileText(path: string, timeoutMs = 60_000): Promise<string> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (existsSync(path)) {
      const text = readFileSync(path, 'utf8');
      if (text) return text;
    }
    if (Date.now() > deadline) throw new Error(`${path} did not appear within ${timeoutMs} ms`);
    await sleep(100);
  }
}
