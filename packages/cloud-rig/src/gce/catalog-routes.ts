import { MACHINE_TYPES, ZONES, regionOf } from './catalog.js';
import type { GceContext, GceHandler } from './context.js';
import { notFound } from './errors.js';
import { projectUrl } from './json.js';

/** A zone must exist, else GCE's 404 for it. */
export function checkZone(ctx: GceContext, zone: string): void {
  if (!ZONES.includes(zone)) throw notFound(`projects/${ctx.project}/zones/${zone}`);
}

function zoneJson(ctx: GceContext, zone: string): object {
  const base = projectUrl(ctx.project);
  return {
    kind: 'compute#zone',
    id: String(2000 + ZONES.indexOf(zone)),
    name: zone,
    status: 'UP',
    region: `${base}/regions/${regionOf(zone)}`,
    selfLink: `${base}/zones/${zone}`,
  };
}

function machineTypeJson(ctx: GceContext, zone: string, name: string): object {
  const info = MACHINE_TYPES[name]!;
  return {
    kind: 'compute#machineType',
    id: String(1000 + Object.keys(MACHINE_TYPES).indexOf(name)),
    name,
    description: `${info.guestCpus} vCPU${info.guestCpus > 1 ? 's' : ''}, ${info.memoryMb / 1024} GB RAM`,
    guestCpus: info.guestCpus,
    memoryMb: info.memoryMb,
    isSharedCpu: info.isSharedCpu,
    zone,
    selfLink: `${projectUrl(ctx.project)}/zones/${zone}/machineTypes/${name}`,
  };
}

/** zones.list. */
export const listZones: GceHandler = (ctx) => ({
  kind: 'compute#zoneList',
  items: ZONES.map((z) => zoneJson(ctx, z)),
});

/** zones.get. */
export const getZone: GceHandler = (ctx) => {
  checkZone(ctx, ctx.path.zone!);
  return zoneJson(ctx, ctx.path.zone!);
};

/** machineTypes.list of a zone. */
export const listMachineTypes: GceHandler = (ctx) => {
  checkZone(ctx, ctx.path.zone!);
  return {
    kind: 'compute#machineTypeList',
    items: Object.keys(MACHINE_TYPES).map((t) => machineTypeJson(ctx, ctx.path.zone!, t)),
  };
};

/** machineTypes.get: an unknown type is GCE's 404. */
export const getMachineType: GceHandler = (ctx) => {
  const { zone, name } = ctx.path as { zone: string; name: string };
  checkZone(ctx, zone);
  if (!MACHINE_TYPES[name]) throw notFound(`projects/${ctx.project}/zones/${zone}/machineTypes/${name}`);
  return machineTypeJson(ctx, zone, name);
};
