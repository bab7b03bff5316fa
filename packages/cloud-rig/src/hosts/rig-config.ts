import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * Where a rig lives. Several rigs can run side by side (parallel test files, a developer's rig beside CI's):
 * each has its own id, bridge, /24 subnet and state folder, and names everything it creates after its id, so a
 * sweep removes only its own leftovers.
 */
export interface RigConfig {
  /** Short name, `[a-z0-9]{1,5}`: bridge `trig<id>`, namespaces `trig-<id>-<host>`, veths `v<id>-<n>`. */
  id: string;
  /** Third octet of the rig's subnet `10.77.<n>.0/24`; the bridge is `.1`, hosts get `.10` to `.250`. */
  subnet: number;
  /** Folder holding every rig's state; this rig's is `<stateRoot>/<id>` (mode 0700). */
  stateRoot?: string;
}

/** Everything derived from a {@link RigConfig}. */
export interface RigLayout {
  id: string;
  bridge: string;
  bridgeIp: string;
  prefix: string;
  stateDir: string;
  hostsDir: string;
}

/** Check a config and derive names and paths; throws on an id or subnet that would clash with interface limits. */
export function rigLayout(config: RigConfig): RigLayout {
  if (!/^[a-z0-9]{1,5}$/.test(config.id)) {
    throw new Error(`rig id '${config.id}' must be 1 to 5 lowercase letters or digits (it goes into interface names)`);
  }
  if (!Number.isInteger(config.subnet) || config.subnet < 0 || config.subnet > 255) {
    throw new Error(`rig subnet '${config.subnet}' must be an integer 0-255 (the third octet of 10.77.x.0/24)`);
  }
  const root = config.stateRoot ?? join(tmpdir(), `toil-cloud-rig-${process.getuid?.() ?? 0}`);
  const stateDir = join(root, config.id);
  return {
    id: config.id,
    bridge: `trig${config.id}`,
    bridgeIp: `10.77.${config.subnet}.1`,
    prefix: `10.77.${config.subnet}`,
    stateDir,
    hostsDir: join(stateDir, 'hosts'),
  };
}
