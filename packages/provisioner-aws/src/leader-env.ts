import { ClusterOptionError } from './errors.js';

/**
 * Settings the leader's own `toil run --provisioner aws` needs from the launcher, beyond the cluster's name and
 * zone: the key pair its workers log in with and the image they boot from (read by `provisionerSettings` and
 * `imageId` on the leader).
 */
const ALWAYS = ['TOIL_AWS_AMI'] as const;

/**
 * What reaches a private EC2-compatible endpoint (the test rig's fake EC2 and its S3 server on the bridge
 * address). On AWS the leader gets none of these: the SDK finds the regional endpoints itself and credentials
 * come from the instance profile (`--awsEc2ProfileArn`), so no secret is written to a node. An endpoint of its
 * own (`AWS_ENDPOINT_URL_EC2`) has no instance profile, so there the launcher's credentials travel too.
 */
const PRIVATE_ENDPOINT = [
  'AWS_ENDPOINT_URL_EC2',
  'AWS_ACCESS_KEY_ID',
  'AWS_SECRET_ACCESS_KEY',
  'AWS_REGION',
  'AWS_EC2_METADATA_DISABLED',
  'TOIL_S3_HOST',
  'TOIL_S3_PORT',
  'TOIL_S3_USE_SSL',
  // Plugin files of the launcher's checkout (the provisioner itself): valid where nodes share its files, as the
  // rig's hosts do.
  'TOIL_PLUGINS',
] as const;

/**
 * The environment the leader's boot writes to its `/root/.toil/cluster.env` (mode 0600) for its own autoscaler:
 * `TOIL_AWS_KEY_PAIR`, `TOIL_AWS_AMI`, and with a private EC2 endpoint its endpoint, credentials and the S3
 * server's settings. A value with a newline is refused (the file is a shell heredoc, one line per variable).
 */
export function leaderEnvironment(keyPairName: string, env: NodeJS.ProcessEnv = process.env): Record<string, string> {
  const names: readonly string[] = env.AWS_ENDPOINT_URL_EC2 ? [...ALWAYS, ...PRIVATE_ENDPOINT] : ALWAYS;
  const out: Record<string, string> = { TOIL_AWS_KEY_PAIR: keyPairName };
  for (const name of names) {
    const value = env[name];
    if (value === undefined || value === '') continue;
    if (/[\r\n]/.test(value)) {
      // Not quoted: the value may be a secret, and the name says which setting to fix.
      throw new ClusterOptionError('BAD_NODE_SETTING', `${name} holds a line break; nodes need it on one line.`);
    }
    out[name] = value;
  }
  return out;
}
