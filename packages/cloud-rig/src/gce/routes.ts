import { getMachineType, getZone, listMachineTypes, listZones } from './catalog-routes.js';
import type { GceHandler } from './context.js';
import { failNextBoots } from './boot-faults.js';
import { simulateMaintenanceEvent } from './preempt.js';
import { deleteFirewall, getFirewall, insertFirewall, listFirewalls } from './firewalls.js';
import { deleteInstance, getInstance, insertInstance, listInstances } from './instances.js';
import { getOperation, waitOperation } from './operations.js';

/** One REST route under `/compute/v1/projects/<project>/`: method, path pattern with named parts, handler. */
interface Route {
  method: string;
  pattern: RegExp;
  handler: GceHandler;
}

function route(method: string, path: string, handler: GceHandler): Route {
  const source = path.replace(/\{(\w+)\}/g, (_m, n: string) => {
    return `(?<${n}>[^/]+)`;
  });
  return { method, pattern: new RegExp(`^${source}$`), handler };
}

/** The Compute Engine methods the fake serves (the ones a provisioner calls through @google-cloud/compute). */
export const ROUTES: readonly Route[] = [
  route('GET', 'zones', listZones),
  route('GET', 'zones/{zone}', getZone),
  route('GET', 'zones/{zone}/machineTypes', listMachineTypes),
  route('GET', 'zones/{zone}/machineTypes/{name}', getMachineType),
  route('GET', 'zones/{zone}/instances', listInstances),
  route('POST', 'zones/{zone}/instances', insertInstance),
  route('GET', 'zones/{zone}/instances/{name}', getInstance),
  route('DELETE', 'zones/{zone}/instances/{name}', deleteInstance),
  route('POST', 'zones/{zone}/instances/{name}/simulateMaintenanceEvent', simulateMaintenanceEvent),
  route('GET', 'zones/{zone}/operations/{operation}', getOperation),
  route('POST', 'zones/{zone}/operations/{operation}/wait', waitOperation),
  route('GET', 'global/operations/{operation}', getOperation),
  route('POST', 'global/operations/{operation}/wait', waitOperation),
  route('GET', 'global/firewalls', listFirewalls),
  route('POST', 'global/firewalls', insertFirewall),
  route('GET', 'global/firewalls/{name}', getFirewall),
  route('DELETE', 'global/firewalls/{name}', deleteFirewall),
  // The rig's own, not GCE's (faults.ts).
  route('POST', 'toilRig/failNextBoots', failNextBoots),
];

/** The route and its named path parts for a method and a path below the project, if any. */
export function matchRoute(
  method: string,
  rest: string,
): { handler: GceHandler; path: Record<string, string> } | undefined {
  for (const r of ROUTES) {
    if (r.method !== method) continue;
    const m = r.pattern.exec(rest);
    if (m) return { handler: r.handler, path: { ...(m.groups ?? {}) } };
  }
  return undefined;
}
