import { existsSync } from 'node:fs';

/** Where Debian's and Ubuntu's gridengine packages put the installation. */
export const DEBIAN_SGE_ROOT = '/var/lib/gridengine';

/**
 * The variables GridEngine's client commands read: the installation and cell (SGE_ROOT, SGE_CELL), and the
 * qmaster's and execd's ports, needed where /etc/services has no sge_qmaster/sge_execd entries.
 */
export const SGE_VARIABLES = ['SGE_ROOT', 'SGE_CELL', 'SGE_QMASTER_PORT', 'SGE_EXECD_PORT'] as const;

/**
 * The SGE_* environment for qsub, qstat, qacct and qdel: whatever this process has (a site's
 * `$SGE_ROOT/$SGE_CELL/common/settings.sh` sets them), and SGE_ROOT=/var/lib/gridengine when it is unset and that
 * directory exists (Debian's layout; its wrapper scripts assume the same). The ports are never guessed: without
 * them the commands look the services up in /etc/services.
 */
export function gridEngineEnv(
  env: NodeJS.ProcessEnv = process.env,
  exists: (path: string) => boolean = existsSync,
): Record<string, string> {
  const out: Record<string, string> = {};
  for (const name of SGE_VARIABLES) {
    const value = env[name];
    if (value) out[name] = value;
  }
  if (!out.SGE_ROOT && exists(DEBIAN_SGE_ROOT)) out.SGE_ROOT = DEBIAN_SGE_ROOT;
  return out;
}
