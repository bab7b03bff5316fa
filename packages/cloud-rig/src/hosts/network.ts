import { mkdir, rm, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { run, runQuietly } from './exec.js';
import type { RigLayout } from './rig-config.js';

async function exists(path: string): Promise<boolean> {
  return stat(path).then(
    () => true,
    () => false,
  );
}

/** True when the network interface exists in the root namespace. */
export async function linkExists(name: string): Promise<boolean> {
  return run('ip', ['link', 'show', name]).then(
    () => true,
    () => false,
  );
}

/**
 * Create the rig's bridge with its `.1` address (idempotent). The bridge has no uplink and hosts get no default
 * route, so nothing a host runs can reach past this subnet; `bridge.created` records that the rig made it, so
 * teardown never deletes an interface it did not create.
 */
export async function ensureBridge(layout: RigLayout): Promise<void> {
  await mkdir(layout.hostsDir, { recursive: true, mode: 0o700 });
  const marker = join(layout.stateDir, 'bridge.created');
  if (await linkExists(layout.bridge)) {
    if (!(await exists(marker))) throw new Error(`interface ${layout.bridge} exists but this rig did not create it`);
    return;
  }
  await writeFile(marker, `${layout.bridge}\n`, { mode: 0o600 });
  await run('ip', ['link', 'add', layout.bridge, 'type', 'bridge']);
  await run('ip', ['addr', 'add', `${layout.bridgeIp}/24`, 'dev', layout.bridge]);
  await run('ip', ['link', 'set', layout.bridge, 'up']);
}

/** Delete the bridge when this rig created it. */
export async function removeBridge(layout: RigLayout): Promise<void> {
  const marker = join(layout.stateDir, 'bridge.created');
  if (!(await exists(marker))) return;
  await runQuietly('ip', ['link', 'del', layout.bridge]);
  await rm(marker, { force: true });
}
