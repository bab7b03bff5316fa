import { Ec2ApiError } from './errors.js';
import type { ActionHandler } from './context.js';
import { matchesFilters, readFilters, tagField } from './filters.js';
import { nodes, str, strings } from './query.js';
import { FAKE_OWNER, FAKE_VPC, newId, type FakeSecurityGroup } from './state.js';
import { items, tagItems } from './xml.js';
import { readTags } from './tags.js';

/** CreateSecurityGroup: names are unique in the VPC, as in EC2. */
export const createSecurityGroup: ActionHandler = (ctx) => {
  const name = str(ctx.params, 'GroupName') ?? '';
  const description = str(ctx.params, 'GroupDescription') ?? '';
  if (!name) throw new Ec2ApiError('MissingParameter', 'The request must contain the parameter GroupName');
  if ([...ctx.state.securityGroups.values()].some((g) => g.name === name)) {
    throw new Ec2ApiError(
      'InvalidGroup.Duplicate',
      `The security group '${name}' already exists for VPC '${FAKE_VPC}'`,
    );
  }
  const tags = new Map(
    nodes(ctx.params, 'TagSpecification')
      .filter((s) => str(s, 'ResourceType') === 'security-group')
      .flatMap((s) => [...readTags(s)]),
  );
  const group: FakeSecurityGroup = { id: newId('sg'), name, description, tags, ingress: [] };
  ctx.state.securityGroups.set(group.id, group);
  return { return: true, groupId: group.id };
};

/** AuthorizeSecurityGroupIngress with `IpPermissions.N` (CIDR ranges and group pairs). */
export const authorizeSecurityGroupIngress: ActionHandler = (ctx) => {
  const id = str(ctx.params, 'GroupId') ?? '';
  const group = ctx.state.securityGroups.get(id);
  if (!group) throw new Ec2ApiError('InvalidGroup.NotFound', `The security group '${id}' does not exist`);
  for (const p of nodes(ctx.params, 'IpPermissions')) {
    const from = str(p, 'FromPort');
    const to = str(p, 'ToPort');
    group.ingress.push({
      protocol: str(p, 'IpProtocol') ?? '-1',
      from: from === undefined ? undefined : Number(from),
      to: to === undefined ? undefined : Number(to),
      cidrs: nodes(p, 'IpRanges').map((r) => str(r, 'CidrIp') ?? ''),
      groups: nodes(p, 'Groups').map((g) => str(g, 'GroupId') ?? ''),
    });
  }
  return { return: true };
};

/** DeleteSecurityGroup: refused while an instance that is not terminated still uses it, as in EC2. */
export const deleteSecurityGroup: ActionHandler = (ctx) => {
  const id = str(ctx.params, 'GroupId') ?? '';
  if (!ctx.state.securityGroups.has(id)) {
    throw new Ec2ApiError('InvalidGroup.NotFound', `The security group '${id}' does not exist`);
  }
  const user = [...ctx.state.instances.values()].find((i) => i.state !== 'terminated' && i.groupIds.includes(id));
  if (user) {
    throw new Ec2ApiError('DependencyViolation', `resource ${id} has a dependent object (instance ${user.id})`);
  }
  ctx.state.securityGroups.delete(id);
  return { return: true };
};

/** DescribeSecurityGroups by `GroupId.N`, `GroupName.N` and filters (`group-name`, `group-id`, tags). */
export const describeSecurityGroups: ActionHandler = (ctx) => {
  const ids = strings(ctx.params, 'GroupId');
  const names = strings(ctx.params, 'GroupName');
  const all = [...ctx.state.securityGroups.values()];
  for (const id of ids) {
    if (!ctx.state.securityGroups.has(id)) {
      throw new Ec2ApiError('InvalidGroup.NotFound', `The security group '${id}' does not exist`);
    }
  }
  for (const name of names) {
    if (!all.some((g) => g.name === name)) {
      throw new Ec2ApiError('InvalidGroup.NotFound', `The security group '${name}' does not exist in default VPC`);
    }
  }
  const filters = readFilters(ctx.params);
  const found = all.filter(
    (g) =>
      (ids.length === 0 || ids.includes(g.id)) &&
      (names.length === 0 || names.includes(g.name)) &&
      matchesFilters(filters, (n) =>
        n === 'group-name' ? [g.name] : n === 'group-id' ? [g.id] : n === 'vpc-id' ? [FAKE_VPC] : tagField(n, g.tags),
      ),
  );
  return {
    securityGroupInfo: items(
      found.map((g) => ({
        ownerId: FAKE_OWNER,
        groupId: g.id,
        groupName: g.name,
        groupDescription: g.description,
        vpcId: FAKE_VPC,
        ipPermissions: items(
          g.ingress.map((p) => ({
            ipProtocol: p.protocol,
            fromPort: p.from,
            toPort: p.to,
            groups: items(p.groups.map((groupId) => ({ groupId, userId: FAKE_OWNER }))),
            ipRanges: items(p.cidrs.map((cidrIp) => ({ cidrIp }))),
          })),
        ),
        tagSet: tagItems(g.tags),
      })),
    ),
  };
};
