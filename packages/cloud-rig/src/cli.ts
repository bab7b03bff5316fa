/**
 * `toil-cloud-rig serve | sweep`: the rig's daemon for tooling/start-cloud-rig.sh and its leftover sweep for
 * tooling/stop-cloud-rig.sh. Settings come from the environment (`TOIL_RIG_*`), which those scripts set.
 */
import { randomBytes } from 'node:crypto';
import { HostManager } from './hosts/host-manager.js';
import { serve } from './serve.js';

const env = process.env;
const id = env.TOIL_RIG_ID ?? 'main';
const subnet = Number(env.TOIL_RIG_SUBNET ?? '0');

async function main(): Promise<void> {
  const command = process.argv[2];
  if (command === 'sweep') {
    const swept = await new HostManager({ id, subnet }).sweep();
    process.stdout.write(
      `rig ${id}: removed ${swept.hosts} hosts${swept.strays.length ? `, strays ${swept.strays.join(' ')}` : ''}\n`,
    );
    return;
  }
  if (command === 'serve') {
    await serve({
      id,
      subnet,
      port: Number(env.TOIL_RIG_PORT ?? '8773'),
      accessKeyId: env.TOIL_RIG_ACCESS_KEY ?? `AKIDRIG${randomBytes(6).toString('hex').toUpperCase()}`,
      secretAccessKey: env.TOIL_RIG_SECRET_KEY ?? randomBytes(20).toString('hex'),
      region: env.TOIL_RIG_REGION ?? 'us-west-2',
      publicKeyFile: env.TOIL_RIG_PUBLIC_KEY || undefined,
      keyName: env.TOIL_RIG_KEY_NAME ?? 'toil-rig',
      s3Port: env.TOIL_RIG_S3_PORT ? Number(env.TOIL_RIG_S3_PORT) : undefined,
      gce: {
        // Two above the EC2 port by default, so a rig that moves its EC2 port (same bridge address) moves this too.
        port: Number(env.TOIL_RIG_GCE_PORT ?? Number(env.TOIL_RIG_PORT ?? '8773') + 2),
        project: env.TOIL_RIG_GCE_PROJECT ?? 'toil-rig',
        token: env.TOIL_RIG_GCE_TOKEN ?? `rig-${randomBytes(16).toString('hex')}`,
      },
    });
    return;
  }
  process.stderr.write(`toil-cloud-rig: unknown command '${command ?? ''}': use 'serve' or 'sweep'\n`);
  process.exit(2);
}

main().catch((error: unknown) => {
  process.stderr.write(`toil-cloud-rig: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
