import { userData, type BootSettings } from '@toil/provisioner-aws';
import { rootLoginLines } from './root-login.js';

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

/**
 * The node's `startup-script` metadata: the same boot as an EC2 node's user data (@toil/provisioner-aws's
 * `userData`: packages when missing, our `toil` first on root's PATH, munge and Slurm), which Google's guest agent
 * runs as root. What the GCE provisioner on the leader reads goes through the shared boot's `env` (cluster.env
 * lines written through a quoted heredoc, so a `$` in a token does not expand), beside the settings' own `env`.
 * With `sshKeys`, root login comes first, right after the `#!` line (root-login.ts): real GCE's guest agent makes
 * only the `--keyPairName` user, and the cluster commands log in as root.
 */
export function startupScript(s: GceBootSettings): string {
  // No TOIL_PROVISIONER here: every option reads TOIL_<NAME> as its default, so it made every `toil run` on the
  // leader autoscale (and refuse to run without --nodeTypes); the leader's workflows name `--provisioner gce`.
  const gceEnv: Record<string, string> = {
    TOIL_GCE_PROJECT: s.project,
    TOIL_GCE_ZONE: s.zone,
    TOIL_GCE_KEY_PAIR: s.keyPairName,
    ...(s.sshKeys ? { TOIL_GCE_SSH_KEYS: s.sshKeys } : {}),
    ...(s.endpoint ? { TOIL_GCE_ENDPOINT: s.endpoint.url } : {}),
    ...(s.endpoint?.accessToken ? { TOIL_GCE_ACCESS_TOKEN: s.endpoint.accessToken } : {}),
  };
  const script = userData({ ...s, env: { ...gceEnv, ...s.env } }).replace(
    'written by @toil/provisioner-aws',
    'written by @toil/provisioner-gce from @toil/provisioner-aws',
  );
  if (!s.sshKeys) return script;
  const shebang = script.indexOf('\n');
  return [script.slice(0, shebang), ...rootLoginLines(s.sshKeys), script.slice(shebang + 1)].join('\n');
}
