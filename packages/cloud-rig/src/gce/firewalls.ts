import type { GceContext, GceHandler } from './context.js';
import { GceApiError, notFound } from './errors.js';
import { matches, parseFilter } from './filter.js';
import { NAME } from './instances.js';
import { firewallJson, operationJson, projectUrl } from './json.js';
import { startOperation } from './operations.js';
import { numericId, type GceFirewall } from './state.js';

type Body = Record<string, unknown>;

/** firewalls.insert: a rule on the one network, checked whole (name, `allowed`); DONE at once. */
export const insertFirewall: GceHandler = (ctx) => {
  const b = ctx.body;
  const name = String(b.name ?? '');
  if (!NAME.test(name)) {
    throw new GceApiError(
      400,
      'invalid',
      `Invalid value for field 'resource.name': '${name}'. Must be a match of regex (?:[a-z](?:[-a-z0-9]{0,61}[a-z0-9])?)`,
    );
  }
  if (ctx.state.firewalls.has(name)) {
    throw new GceApiError(
      409,
      'alreadyExists',
      `The resource 'projects/${ctx.project}/global/firewalls/${name}' already exists`,
    );
  }
  const allowed = ((b.allowed ?? []) as Body[]).map((a) => ({
    IPProtocol: String(a.IPProtocol ?? a.I_p_protocol ?? ''),
    ...(Array.isArray(a.ports) ? { ports: (a.ports as unknown[]).map(String) } : {}),
  }));
  if (allowed.length === 0 || allowed.some((a) => a.IPProtocol === '')) {
    throw new GceApiError(400, 'required', "Required field 'resource.allowed' not specified");
  }
  const fw: GceFirewall = {
    id: numericId(),
    name,
    description: String(b.description ?? ''),
    network: String(b.network ?? `${projectUrl(ctx.project)}/global/networks/default`),
    direction: String(b.direction ?? 'INGRESS'),
    sourceRanges: ((b.sourceRanges ?? []) as unknown[]).map(String),
    sourceTags: ((b.sourceTags ?? []) as unknown[]).map(String),
    targetTags: ((b.targetTags ?? []) as unknown[]).map(String),
    allowed,
    creationTimestamp: new Date().toISOString(),
  };
  ctx.state.firewalls.set(name, fw);
  const op = startOperation(
    ctx,
    { type: 'insert', target: `global/firewalls/${name}`, targetId: fw.id },
    Promise.resolve(),
  );
  return operationJson(ctx.project, op);
};

function find(ctx: GceContext): GceFirewall {
  const fw = ctx.state.firewalls.get(ctx.path.name!);
  if (!fw) throw notFound(`projects/${ctx.project}/global/firewalls/${ctx.path.name}`);
  return fw;
}

/** firewalls.get. */
export const getFirewall: GceHandler = (ctx) => firewallJson(ctx.project, find(ctx));

/** firewalls.list with `filter` on `name` (firewalls have no labels). */
export const listFirewalls: GceHandler = (ctx) => {
  const terms = parseFilter(ctx.query.get('filter'));
  const items = [...ctx.state.firewalls.values()].filter((f) =>
    matches(terms, (n) => (n === 'name' ? f.name : undefined)),
  );
  return { kind: 'compute#firewallList', items: items.map((f) => firewallJson(ctx.project, f)) };
};

/** firewalls.delete. */
export const deleteFirewall: GceHandler = (ctx) => {
  const fw = find(ctx);
  ctx.state.firewalls.delete(fw.name);
  const op = startOperation(
    ctx,
    { type: 'delete', target: `global/firewalls/${fw.name}`, targetId: fw.id },
    Promise.resolve(),
  );
  return operationJson(ctx.project, op);
};
