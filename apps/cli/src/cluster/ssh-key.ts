import { existsSync, readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { ToilError } from '@toil/core';

/** How the cluster commands log in: an ssh agent, a key file, or both. */
export interface SshIdentity {
  /** `SSH_AUTH_SOCK`, when an agent runs. */
  agent?: string;
  /** The private key file: `TOIL_SSH_KEY`, else the first of ~/.ssh/id_ed25519, id_ecdsa, id_rsa. */
  keyFile?: string;
}

/** Find the identity the key pair's private half is in (as ssh itself looks), or say how to give one. */
export function sshIdentity(env: NodeJS.ProcessEnv = process.env): SshIdentity {
  const explicit = env.TOIL_SSH_KEY;
  if (explicit && !existsSync(explicit)) {
    throw new ToilError(
      'NO_SSH_KEY',
      `TOIL_SSH_KEY names '${explicit}', which does not exist: point it at your private key file.`,
    );
  }
  const keyFile =
    explicit ?? ['id_ed25519', 'id_ecdsa', 'id_rsa'].map((n) => join(homedir(), '.ssh', n)).find((p) => existsSync(p));
  const agent = env.SSH_AUTH_SOCK || undefined;
  if (!keyFile && !agent) {
    throw new ToilError(
      'NO_SSH_KEY',
      "No ssh key found: set TOIL_SSH_KEY to the private key of the cluster's key pair, or start ssh-agent and add it.",
    );
  }
  return { agent, keyFile };
}

/** The private key's text, for ssh2. */
export function privateKey(identity: SshIdentity): Buffer | undefined {
  return identity.keyFile ? readFileSync(identity.keyFile) : undefined;
}
