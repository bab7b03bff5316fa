/** Where the root-login lines act; tests point them at a scratch folder. */
export interface RootLoginPaths {
  /** root's home (`/root`). */
  root: string;
  /** sshd's configuration folder (`/etc/ssh`). */
  sshd: string;
  /**
   * A file present only on a Google image: the runner of startup scripts. sshd's configuration is changed only
   * there, because the test rig's hosts share the machine's /etc and must never touch its sshd.
   */
  gceMarker: string;
}

const DEFAULT_PATHS: RootLoginPaths = {
  root: '/root',
  sshd: '/etc/ssh',
  gceMarker: '/usr/bin/google_metadata_script_runner',
};

function quote(value: string): string {
  return `'${value.replaceAll("'", "'\\''")}'`;
}

/**
 * Startup-script lines that let the cluster commands log in as root, as on EC2: Google's guest agent creates only
 * the `ssh-keys` user (`--keyPairName`), so the entry's public key goes into root's authorized_keys too (once), and
 * on a Google image whose sshd forbids root (`PermitRootLogin no`, as Google's images ship) that line becomes
 * `prohibit-password` (keys only) and sshd is reloaded. Run first in the boot, so a node whose later boot fails
 * can still be logged in to. `sshKeys` is the metadata entry, `user:ssh-ed25519 AAAA... comment`.
 */
export function rootLoginLines(sshKeys: string, paths: RootLoginPaths = DEFAULT_PATHS): string[] {
  const key = sshKeys.slice(sshKeys.indexOf(':') + 1).trim();
  const keys = `${paths.root}/.ssh/authorized_keys`;
  const configs = `${paths.sshd}/sshd_config ${paths.sshd}/sshd_config.d/*.conf`;
  return [
    `mkdir -p ${paths.root}/.ssh && chmod 700 ${paths.root}/.ssh`,
    `grep -qsxF ${quote(key)} ${keys} || printf '%s\\n' ${quote(key)} >> ${keys}`,
    `chmod 600 ${keys}`,
    `if [ -e ${paths.gceMarker} ] && grep -qsiE '^[[:space:]]*PermitRootLogin[[:space:]]+no[[:space:]]*$' ${configs}; then`,
    `  for f in ${configs}; do`,
    `    [ -f "$f" ] && sed -i -E 's/^[[:space:]]*PermitRootLogin[[:space:]]+no[[:space:]]*$/PermitRootLogin prohibit-password/I' "$f"`,
    '  done',
    '  systemctl reload ssh 2>/dev/null || systemctl reload sshd 2>/dev/null || service ssh reload',
    '  echo "toil boot: root may log in with a key (PermitRootLogin prohibit-password)"',
    'fi',
  ];
}
