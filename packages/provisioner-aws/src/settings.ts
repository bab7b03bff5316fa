import { ClusterOptionError } from './errors.js';

/** The image nodes boot from: `TOIL_AWS_AMI` (a Debian or Ubuntu image with cloud-init). */
export function imageId(env: NodeJS.ProcessEnv = process.env): string {
  const ami = env.TOIL_AWS_AMI;
  if (!ami) {
    throw new ClusterOptionError(
      'NO_AMI',
      'No machine image set: export TOIL_AWS_AMI=ami-... (a Debian 12 or Ubuntu image with cloud-init in your region).',
    );
  }
  return ami;
}

/** Cluster names become security group names and tags: lowercase letters, digits and dashes, as in Toil. */
export function checkClusterName(name: string): string {
  if (!/^[a-z][a-z0-9-]{0,62}$/.test(name)) {
    throw new ClusterOptionError(
      'BAD_CLUSTER_NAME',
      `The cluster name '${name}' is not allowed: use lowercase letters, digits and dashes, starting with a letter.`,
    );
  }
  return name;
}
