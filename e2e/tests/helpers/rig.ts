/** The cloud rig (fake cloud APIs whose instances are real hosts) as the cluster e2e files start and stop it. */
import { execFileSync } from 'node:child_process';
import { join, resolve } from 'node:path';

const ROOT = resolve(import.meta.dirname, '../../..');

/**
 * Start a rig with `tooling/start-cloud-rig.sh`, as a person would, and return the variables it prints as
 * `export NAME='value'` lines. `rigEnv` gives the rig its own id, subnet and ports (`TOIL_RIG_*`), so files run
 * side by side; `publicKey` is the key pair it imports.
 */
export function startRig(rigEnv: Record<string, string>, publicKey: string): Record<string, string> {
  const out = execFileSync('bash', [join(ROOT, 'tooling/start-cloud-rig.sh')], {
    env: { ...process.env, ...rigEnv, TOIL_RIG_PUBLIC_KEY: publicKey },
    encoding: 'utf8',
  });
  return Object.fromEntries(
    [...out.matchAll(/^export (\w+)='([^']*)'$/gm)].map((m) => [m[1]!, m[2]!] as [string, string]),
  );
}

/** Stop the rig `rigEnv` names with `tooling/stop-cloud-rig.sh` (every instance, host and namespace it made). */
export function stopRig(rigEnv: Record<string, string>): void {
  execFileSync('bash', [join(ROOT, 'tooling/stop-cloud-rig.sh')], { env: { ...process.env, ...rigEnv } });
}
