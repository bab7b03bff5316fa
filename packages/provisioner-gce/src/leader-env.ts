import { GceOptionError } from './errors.js';

/**
 * What a leader off Google (the test rig, whose hosts share the launcher's files and reach its servers on the
 * bridge address) needs beyond the Compute endpoint and token: the launcher's plugin files (this provisioner, a job
 * store such as `aws:`), and the S3-compatible server and its credentials for an `aws:` job store there. On Google
 * none of these travel: the leader installs `@toil/cli` and authenticates through its service account.
 */
const PRIVATE_ENDPOINT = [
  'TOIL_PLUGINS',
  'TOIL_S3_HOST',
  'TOIL_S3_PORT',
  'TOIL_S3_USE_SSL',
  'AWS_ACCESS_KEY_ID',
  'AWS_SECRET_ACCESS_KEY',
  'AWS_REGION',
] as const;

/**
 * The variables the leader's boot appends to its 0600 `/root/.toil/cluster.env` (a quoted heredoc, never echoed),
 * for the workflows run there: with a private Compute endpoint (`TOIL_GCE_ENDPOINT`), those of `PRIVATE_ENDPOINT`
 * that are set; on Google, none. A value with a line break is refused, naming the variable but not its value,
 * which may be a secret.
 */
export function leaderEnvironment(env: NodeJS.ProcessEnv = process.env): Record<string, string> {
  const out: Record<string, string> = {};
  if (!env.TOIL_GCE_ENDPOINT) return out;
  for (const name of PRIVATE_ENDPOINT) {
    const value = env[name];
    if (value === undefined || value === '') continue;
    if (/[\r\n]/.test(value)) {
      throw new GceOptionError('BAD_NODE_SETTING', `${name} holds a line break; the leader needs it on one line.`);
    }
    out[name] = value;
  }
  return out;
}
