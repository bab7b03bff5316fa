import { MACHINE_TYPES } from './catalog.js';
import { checkZone } from './catalog-routes.js';
import type { GceContext, GceHandler } from './context.js';
import { GceApiError, notFound } from './errors.js';
import { matches, parseFilter } from './filter.js';
import { instanceJson, operationJson } from './json.js';
import { FAILING_BOOT, takeFailingBoot } from './boot-faults.js';
import { startOperation } from './operations.js';
import { numericId, type GceInstance } from './state.js';

/** GCE's resource name rule (RFC 1035 label). */
export const NAME = /^[a-z]([-a-z0-9]{0,61}[a-z0-9])?$/;
const LABEL_KEY = /^[a-z][a-z0-9_-]{0,62}$/;
const LABEL_VALUE = /^[a-z0-9_-]{0,63}$/;

function invalid(field: string, value: unknown, why: string): GceApiError {
  return new GceApiError(400, 'invalid', `Invalid value for field '${field}': '${String(value)}'. ${why}`);
}

type Body = Record<string, unknown>;

/** The request's instance, checked whole before anything is made, as GCE does. */
function parseInstance(ctx: GceContext, zone: string): GceInstance {
  const b = ctx.body;
  const name = String(b.name ?? '');
  if (!NAME.test(name))
    throw invalid('resource.name', name, 'Must be a match of regex (?:[a-z](?:[-a-z0-9]{0,61}[a-z0-9])?)');
  if ([...ctx.state.instances.values()].some((i) => i.zone === zone && i.name === name)) {
    throw new GceApiError(
      409,
      'alreadyExists',
      `The resource 'projects/${ctx.project}/zones/${zone}/instances/${name}' already exists`,
    );
  }
  const typeUrl = String(b.machineType ?? '');
  const type = typeUrl.split('/').pop() ?? '';
  const typeZone = /zones\/([^/]+)\/machineTypes\//.exec(typeUrl)?.[1];
  if (!MACHINE_TYPES[type] || (typeZone !== undefined && typeZone !== zone)) {
    throw invalid(
      'resource.machineType',
      typeUrl,
      `Machine type with name '${type}' does not exist in zone '${zone}'.`,
    );
  }
  const labels = (b.labels ?? {}) as Record<string, string>;
  for (const [k, v] of Object.entries(labels)) {
    if (!LABEL_KEY.test(k) || !LABEL_VALUE.test(String(v)))
      throw invalid(
        `resource.labels`,
        `${k}=${v}`,
        'Label keys and values must be lowercase letters, digits, _ and -.',
      );
  }
  const disks = (b.disks ?? []) as Body[];
  const boot = (disks.find((d) => d.boot) ?? disks[0]) as Body | undefined;
  const init = (boot?.initializeParams ?? {}) as Body;
  if (!init.sourceImage)
    throw invalid('resource.disks[0].initializeParams.sourceImage', '', 'A boot disk needs a source image.');
  const scheduling = (b.scheduling ?? {}) as Body;
  const metadata = ((b.metadata as Body | undefined)?.items ?? []) as Array<{ key: string; value: string }>;
  return {
    id: numericId(),
    name,
    zone,
    machineType: type,
    status: 'PROVISIONING',
    labels: { ...labels },
    networkTags: [...(((b.tags as Body | undefined)?.items ?? []) as string[])],
    metadata: metadata.map((m) => ({ key: String(m.key), value: String(m.value ?? '') })),
    scheduling: {
      preemptible: scheduling.preemptible === true,
      provisioningModel: String(scheduling.provisioningModel ?? 'STANDARD'),
      ...(scheduling.instanceTerminationAction
        ? { instanceTerminationAction: String(scheduling.instanceTerminationAction) }
        : {}),
    },
    diskSizeGb: Number(init.diskSizeGb ?? 10),
    sourceImage: String(init.sourceImage),
    creationTimestamp: new Date().toISOString(),
  };
}

/**
 * The public keys of the `ssh-keys` metadata (`user:ssh-ed25519 AAAA... comment` per line); the rig's hosts have
 * only root, so every key logs in as root.
 */
function sshKeys(i: GceInstance): string[] {
  const value = i.metadata.find((m) => m.key === 'ssh-keys')?.value ?? '';
  return value
    .split('\n')
    .map((line) => line.slice(line.indexOf(':') + 1).trim())
    .filter((k) => k.startsWith('ssh-') || k.startsWith('ecdsa-'));
}

function find(ctx: GceContext): GceInstance {
  const { zone, name } = ctx.path as { zone: string; name: string };
  checkZone(ctx, zone);
  const i = [...ctx.state.instances.values()].find((x) => x.zone === zone && x.name === name);
  if (!i) throw notFound(`projects/${ctx.project}/zones/${zone}/instances/${name}`);
  return i;
}

/** instances.insert: a real rig host whose boot is the `startup-script`; the operation is DONE once sshd is up. */
export const insertInstance: GceHandler = (ctx) => {
  const zone = ctx.path.zone!;
  checkZone(ctx, zone);
  const instance = parseInstance(ctx, zone);
  ctx.state.instances.set(instance.id, instance);
  const startup = takeFailingBoot(ctx)
    ? FAILING_BOOT
    : instance.metadata.find((m) => m.key === 'startup-script')?.value;
  const work = ctx.hosts.create({ authorizedKeys: sshKeys(instance), userData: startup }).then(
    async (host) => {
      instance.host = host;
      if (instance.status === 'PROVISIONING') instance.status = 'RUNNING';
      else await ctx.hosts.destroy(host.name); // deleted while it was booting
    },
    (error: unknown) => {
      ctx.state.instances.delete(instance.id); // an insert that fails leaves no instance, as in GCE
      throw error;
    },
  );
  const op = startOperation(
    ctx,
    { zone, type: 'insert', target: `zones/${zone}/instances/${instance.name}`, targetId: instance.id },
    work,
  );
  return operationJson(ctx.project, op);
};

/** instances.get. */
export const getInstance: GceHandler = (ctx) => instanceJson(ctx.project, find(ctx));

/** instances.list with `filter` (`labels.KEY = "v"`, `name`, `status`); no paging (every item in one page). */
export const listInstances: GceHandler = (ctx) => {
  const zone = ctx.path.zone!;
  checkZone(ctx, zone);
  const terms = parseFilter(ctx.query.get('filter'));
  const items = [...ctx.state.instances.values()].filter(
    (i) =>
      i.zone === zone &&
      matches(terms, (f) =>
        f.startsWith('labels.')
          ? i.labels[f.slice(7)]
          : f === 'name'
            ? i.name
            : f === 'status'
              ? i.status
              : f === 'id'
                ? i.id
                : undefined,
      ),
  );
  return {
    kind: 'compute#instanceList',
    id: `projects/${ctx.project}/zones/${zone}/instances`,
    items: items.map((i) => instanceJson(ctx.project, i)),
  };
};

/** Take an instance down: STOPPING at once; its host destroyed; then gone (delete) or TERMINATED (preempted). */
export function takeDown(ctx: Pick<GceContext, 'hosts' | 'state'>, i: GceInstance, remove: boolean): Promise<void> {
  i.status = 'STOPPING';
  const host = i.host;
  return (host ? ctx.hosts.destroy(host.name) : Promise.resolve(true)).then(() => {
    i.host = undefined;
    if (remove) ctx.state.instances.delete(i.id);
    else i.status = 'TERMINATED';
  });
}

/** instances.delete: the host is destroyed and the instance is gone when the operation is DONE. */
export const deleteInstance: GceHandler = (ctx) => {
  const i = find(ctx);
  const op = startOperation(
    ctx,
    { zone: i.zone, type: 'delete', target: `zones/${i.zone}/instances/${i.name}`, targetId: i.id },
    takeDown(ctx, i, true),
  );
  return operationJson(ctx.project, op);
};
