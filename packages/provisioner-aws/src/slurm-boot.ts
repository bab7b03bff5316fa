/**
 * Slurm on a cluster node's boot. All Slurm and munge state lives under /root/.toil (a node's own disk; on the
 * test rig each host's private /root), so nothing of a machine-wide Slurm is touched. Workers join as dynamic
 * nodes (`slurmd -Z`): the leader's slurmctld learns them when they register, and they leave with
 * `scontrol delete nodename=`. The slurm.conf is written out whole on every node rather than fetched
 * (configless mode would fetch it through the system's default munge socket, which is not ours).
 */

/** The cluster's slurm.conf; `ctldName`/`ctldAddress` may be shell variables in an unquoted heredoc. */
export function slurmConf(clusterName: string, ctldName: string, ctldAddress: string): string {
  return [
    `ClusterName=${clusterName.replaceAll('-', '_')}`,
    `SlurmctldHost=${ctldName}(${ctldAddress})`,
    'SlurmUser=root',
    'SlurmdUser=root',
    'AuthType=auth/munge',
    'CredType=cred/munge',
    'AuthInfo=socket=/root/.toil/munge/munge.socket',
    'StateSaveLocation=/root/.toil/slurm/ctld',
    'SlurmdSpoolDir=/root/.toil/slurm/spool',
    'SlurmctldPidFile=/root/.toil/slurm/slurmctld.pid',
    'SlurmdPidFile=/root/.toil/slurm/slurmd.pid',
    'SlurmctldLogFile=/root/.toil/slurm/slurmctld.log',
    'SlurmdLogFile=/root/.toil/slurm/slurmd.log',
    'ProctrackType=proctrack/linuxproc',
    'TaskPlugin=task/none',
    'JobAcctGatherType=jobacct_gather/none',
    'AccountingStorageType=accounting_storage/none',
    'JobCompType=jobcomp/none',
    'MailProg=/bin/true',
    'SchedulerType=sched/backfill',
    // Jobs queued before the autoscaler's new node registers wait for a scheduling pass that is not triggered by
    // the registration: every 60 s (main loop) or 30 s (backfill) by default, 2 s on a cluster this small.
    'SchedulerParameters=sched_interval=2,bf_interval=2',
    'SelectType=select/cons_tres',
    'SelectTypeParameters=CR_CPU_Memory',
    'MpiDefault=none',
    'ReturnToService=2',
    'SlurmctldTimeout=30',
    'SlurmdTimeout=30',
    'MessageTimeout=5',
    'InactiveLimit=0',
    // Slurm would requeue a job of a failed node by itself under the same job ID; the leader owns retries (a
    // lost job counts against --retryCount as in Toil), so a job on a node that vanished ends as NODE_FAIL.
    'JobRequeue=0',
    'MinJobAge=60',
    'KillWait=5',
    'TreeWidth=65533',
    'MaxNodeCount=64',
    'CommunicationParameters=NoAddrCache',
    'SlurmctldParameters=cloud_reg_addrs',
    'PartitionName=toil Nodes=ALL Default=YES MaxTime=INFINITE State=UP',
    '',
  ].join('\n');
}

/** What the Slurm part of a node's boot needs. */
export interface SlurmBoot {
  clusterName: string;
  role: 'leader' | 'worker';
  /** The cluster's munge key, base64 (the launcher makes it; every node gets the same). */
  mungeKey: string;
  /** A worker's leader: its Slurm node name and address. */
  leader?: { name: string; address: string };
  /** A worker's shape for `slurmd -Z --conf`. */
  cpus?: number;
  memoryMiB?: number;
}

/** Shell lines that start munged and slurmctld (leader) or a dynamic slurmd (worker), daemons outliving the boot. */
export function slurmBootLines(s: SlurmBoot): string[] {
  const conf =
    s.role === 'leader'
      ? slurmConf(s.clusterName, '$NODE_NAME', '$NODE_ADDRESS')
      : slurmConf(s.clusterName, s.leader!.name, s.leader!.address);
  const daemon =
    s.role === 'leader'
      ? 'setsid /usr/sbin/slurmctld -f /root/.toil/slurm/slurm.conf </dev/null >/dev/null 2>&1'
      : `setsid /usr/sbin/slurmd -f /root/.toil/slurm/slurm.conf -Z --conf "CPUs=${s.cpus ?? 1} RealMemory=${s.memoryMiB ?? 1024}" </dev/null >/dev/null 2>&1`;
  return [
    'NODE_NAME=$(hostname -s)',
    'NODE_ADDRESS=$(hostname -I | cut -d" " -f1)',
    'mkdir -p -m 0700 /root/.toil/munge /root/.toil/slurm/ctld /root/.toil/slurm/spool',
    `echo '${s.mungeKey}' | base64 -d > /root/.toil/munge/munge.key`,
    'chmod 400 /root/.toil/munge/munge.key',
    '/usr/sbin/munged --socket=/root/.toil/munge/munge.socket --key-file=/root/.toil/munge/munge.key \\',
    '  --pid-file=/root/.toil/munge/munged.pid --log-file=/root/.toil/munge/munged.log \\',
    '  --seed-file=/root/.toil/munge/munged.seed --force || exit 1',
    'cat > /root/.toil/slurm/slurm.conf <<CONF',
    conf.trimEnd(),
    'CONF',
    daemon,
    `echo "toil boot: slurm${s.role === 'leader' ? 'ctld' : 'd'} started"`,
  ];
}
