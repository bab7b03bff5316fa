/** What an sshd of a rig host needs to know. */
export interface SshdPaths {
  ip: string;
  hostKey: string;
  pidFile: string;
  authorizedKeys: string;
  hostName: string;
}

/**
 * The sshd_config of one rig host: root by key only, listening on the host's own address, TCP forwarding allowed
 * (ssh-cluster's port forwards). UsePAM/StrictModes off because the host's files live in the rig's state folder,
 * not in a real /etc.
 */
export function sshdConfig(p: SshdPaths): string {
  return [
    `ListenAddress ${p.ip}`,
    'Port 22',
    `HostKey ${p.hostKey}`,
    `PidFile ${p.pidFile}`,
    `AuthorizedKeysFile ${p.authorizedKeys}`,
    'PermitRootLogin prohibit-password',
    'PubkeyAuthentication yes',
    'PasswordAuthentication no',
    'KbdInteractiveAuthentication no',
    'UsePAM no',
    'StrictModes no',
    'AllowTcpForwarding yes',
    'X11Forwarding no',
    'PrintMotd no',
    'UseDNS no',
    'MaxStartups 50:30:100',
    `SetEnv TOIL_RIG_HOST=${p.hostName}`,
    'Subsystem sftp internal-sftp',
    '',
  ].join('\n');
}
