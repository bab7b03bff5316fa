import { existsSync, readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { GceOptionError } from './errors.js';

/**
 * The public key that logs in to the nodes, put in their `ssh-keys` metadata as `<keyPairName>:<key>` (GCE has no
 * key pairs: Toil's `--keyPairName` is the user name of that entry). Read from `TOIL_GCE_SSH_PUBLIC_KEY` (a
 * file), else the `.pub` beside `TOIL_SSH_KEY` (the key the cluster commands log in with), else
 * `~/.ssh/id_ed25519.pub`, `id_ecdsa.pub` or `id_rsa.pub`.
 */
export function sshKeysEntry(keyPairName: string, env: NodeJS.ProcessEnv = process.env): string {
  if (!/^[a-z_][a-z0-9_.-]{0,31}$/.test(keyPairName)) {
    throw new GceOptionError(
      'BAD_KEY_PAIR_NAME',
      `--keyPairName '${keyPairName}' is not a user name for GCE's ssh-keys metadata: use lowercase letters, digits, '_', '.' and '-'.`,
    );
  }
  const home = env.HOME ?? homedir();
  const candidates = env.TOIL_GCE_SSH_PUBLIC_KEY
    ? [env.TOIL_GCE_SSH_PUBLIC_KEY]
    : [
        ...(env.TOIL_SSH_KEY ? [`${env.TOIL_SSH_KEY}.pub`] : []),
        ...['id_ed25519', 'id_ecdsa', 'id_rsa'].map((n) => join(home, '.ssh', `${n}.pub`)),
      ];
  const file = candidates.find((f) => existsSync(f));
  const key = file ? readFileSync(file, 'utf8').trim().split('\n')[0]! : '';
  if (!/^(ssh-|ecdsa-)\S+ \S+/.test(key)) {
    throw new GceOptionError(
      'NO_SSH_PUBLIC_KEY',
      `No ssh public key for --keyPairName '${keyPairName}' (looked at ${candidates.join(', ')}): set TOIL_GCE_SSH_PUBLIC_KEY to a .pub file, or make one with ssh-keygen -t ed25519.`,
    );
  }
  return `${keyPairName}:${key}`;
}
