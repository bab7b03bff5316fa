import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

/** Test helper: a fresh ed25519 key pair made by ssh-keygen in `dir` (a 0700 temp folder). */
export function makeKeyPair(dir: string): { privateKey: string; publicKey: string; path: string } {
  const path = join(dir, 'id_ed25519');
  execFileSync('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-C', 'rig-test', '-f', path]);
  return { privateKey: readFileSync(path, 'utf8'), publicKey: readFileSync(`${path}.pub`, 'utf8').trim(), path };
}
