import { userData, type BootSettings } from '@toil/provisioner-aws';

/** What a GCE node's boot needs beyond the shared cluster boot. */
export interface GceBootSettings extends BootSettings {
  project: string;
  /** The `--keyPairName` (the ssh-keys user), for the leader's autoscaler to give its workers. */
  keyPairName: string;
  /** The `ssh-keys` metadata line, which the leader's autoscaler gives the workers it adds (a public key). */
  sshKeys?: string;
  /**
   * A Compute-compatible endpoint other than Google's and its token (the test rig's fake), for the leader's
   * autoscaler; on Google the leader uses its service account through the metadata server instead.
   */
  endpoint?: { url: string; accessToken?: string };
}

function quote(value: string): string {
  return `'${value.replaceAll("'", "'\\''")}'`;
}

/**
 * The node's `startup-script` metadata: the same boot as an EC2 node's user data (@toil/provisioner-aws's
 * `userData`: packages when missing, our `toil` first on root's PATH, munge and Slurm), which Google's guest agent
 * runs as root. That script's cluster.env names the zone as TOIL_AWS_ZONE; the lines that follow its heredoc
 * header add what the GCE provisioner on the leader reads, so the shared builder stays provider-free.
 */
export function startupScript(s: GceBootSettings): string {
  const script = userData(s);
  const header = 'cat > /root/.toil/cluster.env <<ENV\n';
  const gceLines = [
    'export TOIL_PROVISIONER=gce',
    `export TOIL_GCE_PROJECT=${quote(s.project)}`,
    `export TOIL_GCE_ZONE=${quote(s.zone)}`,
    `export TOIL_GCE_KEY_PAIR=${quote(s.keyPairName)}`,
    ...(s.sshKeys ? [`export TOIL_GCE_SSH_KEYS=${quote(s.sshKeys)}`] : []),
    ...(s.endpoint ? [`export TOIL_GCE_ENDPOINT=${quote(s.endpoint.url)}`] : []),
    ...(s.endpoint?.accessToken ? [`export TOIL_GCE_ACCESS_TOKEN=${quote(s.endpoint.accessToken)}`] : []),
  ];
  if (!script.includes(header)) throw new Error('the shared node boot no longer writes /root/.toil/cluster.env');
  return script
    .replace(header, `${header}${gceLines.join('\n')}\n`)
    .replace('written by @toil/provisioner-aws', 'written by @toil/provisioner-gce from @toil/provisioner-aws');
}
