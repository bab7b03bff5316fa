import { codeOf, NOT_FOUND, type Compute } from './compute.js';
import { GceClusterExistsError, GceOptionError } from './errors.js';
import { firewallNamesTaken } from './firewalls.js';
import { clusterInstances } from './instances.js';
import type { GceNodeType } from './node-type.js';

/** A machine type's shape as GCE states it. */
export interface MachineShape {
  guestCpus: number;
  memoryMb: number;
}

/** The zone exists in the project (also the first request, so missing or refused credentials show here). */
export async function checkZone(compute: Compute): Promise<void> {
  const { project, zone } = compute.s;
  try {
    await compute.call('zones', 'get', (c) => c.get({ project, zone }));
  } catch (error) {
    if (codeOf(error) !== NOT_FOUND) throw error;
    if (/projects\/[^/']+' was not found/.test((error as Error).message)) {
      throw new GceOptionError(
        'NO_SUCH_GCE_PROJECT',
        `The project '${project}' was not found: check TOIL_GCE_PROJECT (the project ID, not its name).`,
      );
    }
    throw new GceOptionError(
      'UNKNOWN_ZONE',
      `The zone '${zone}' does not exist in GCE: pass an existing zone with -z/--zone, e.g. us-west1-a.`,
    );
  }
}

/** Every machine type of these node types exists in the zone; resolves with each one's shape. */
export async function checkMachineTypes(
  compute: Compute,
  specs: readonly GceNodeType[],
): Promise<Map<string, MachineShape>> {
  const { project, zone } = compute.s;
  const shapes = new Map<string, MachineShape>();
  for (const spec of specs) {
    for (const type of spec.machineTypes) {
      if (shapes.has(type)) continue;
      try {
        const [mt] = await compute.call('machineTypes', 'get', (c) => c.get({ project, zone, machineType: type }));
        shapes.set(type, { guestCpus: mt.guestCpus ?? 1, memoryMb: mt.memoryMb ?? 1024 });
      } catch (error) {
        if (codeOf(error) !== NOT_FOUND) throw error;
        throw new GceOptionError(
          'UNKNOWN_NODE_TYPE',
          `The node type '${spec.text}' names '${type}', which is not a machine type in zone ${zone}: use one such as e2-medium or n2-standard-2.`,
        );
      }
    }
  }
  return shapes;
}

/** No instance of this cluster in the zone and no firewall rule of its names in the project. */
export async function checkNameFree(compute: Compute, clusterName: string): Promise<void> {
  const live = await clusterInstances(compute, clusterName);
  if (live.length > 0 || (await firewallNamesTaken(compute, clusterName))) throw new GceClusterExistsError(clusterName);
}
