import { Ec2ApiError } from './errors.js';
import type { ActionHandler } from './context.js';
import { INSTANCE_TYPES, spotPrice, zonesOf } from './catalog.js';
import { strings } from './query.js';
import { items } from './xml.js';

/** DescribeInstanceTypes by `InstanceType.N`: vCPUs and memory; an unknown type is refused, naming it. */
export const describeInstanceTypes: ActionHandler = (ctx) => {
  const wanted = strings(ctx.params, 'InstanceType');
  for (const t of wanted) {
    if (!INSTANCE_TYPES[t]) {
      throw new Ec2ApiError('InvalidInstanceType', `The following supplied instance types do not exist: [${t}]`);
    }
  }
  const names = wanted.length > 0 ? wanted : Object.keys(INSTANCE_TYPES);
  return {
    instanceTypeSet: items(
      names.map((t) => ({
        instanceType: t,
        vCpuInfo: { defaultVCpus: INSTANCE_TYPES[t]!.vcpus },
        memoryInfo: { sizeInMiB: INSTANCE_TYPES[t]!.memoryMiB },
      })),
    ),
  };
};

/** DescribeAvailabilityZones by `ZoneName.N`, in the request's region. */
export const describeAvailabilityZones: ActionHandler = (ctx) => {
  const zones = zonesOf(ctx.region);
  const wanted = strings(ctx.params, 'ZoneName');
  for (const z of wanted) {
    if (!zones.includes(z)) throw new Ec2ApiError('InvalidParameterValue', `Invalid availability zone: [${z}]`);
  }
  return {
    availabilityZoneInfo: items(
      (wanted.length > 0 ? wanted : zones).map((zoneName) => ({
        zoneName,
        zoneState: 'available',
        regionName: ctx.region,
        zoneId: `${ctx.region}-az${zoneName.slice(-1)}`,
      })),
    ),
  };
};

/** DescribeSpotPriceHistory: the fake's fixed spot price of each requested type in each zone. */
export const describeSpotPriceHistory: ActionHandler = (ctx) => {
  const types = strings(ctx.params, 'InstanceType');
  const rows = (types.length > 0 ? types : Object.keys(INSTANCE_TYPES)).flatMap((t) => {
    const info = INSTANCE_TYPES[t];
    return info
      ? zonesOf(ctx.region).map((availabilityZone) => ({
          instanceType: t,
          productDescription: 'Linux/UNIX',
          spotPrice: String(spotPrice(info)),
          timestamp: new Date().toISOString(),
          availabilityZone,
        }))
      : [];
  });
  return { spotPriceHistorySet: items(rows), nextToken: '' };
};
