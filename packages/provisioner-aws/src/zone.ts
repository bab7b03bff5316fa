import { ClusterOptionError } from './errors.js';

const ZONE = /^([a-z]{2}(?:-gov)?-[a-z]+-\d)([a-z])$/;

/**
 * The availability zone: `-z/--zone`, else `TOIL_AWS_ZONE`. The region is the zone without its last letter
 * (`us-west-2a` → `us-west-2`), as in Toil's `zone_to_region`. Whether the zone exists is asked of EC2 later.
 */
export function resolveZone(
  option: string | undefined,
  env: NodeJS.ProcessEnv = process.env,
): {
  zone: string;
  region: string;
} {
  const zone = option ?? env.TOIL_AWS_ZONE;
  if (!zone) {
    throw new ClusterOptionError(
      'NO_ZONE',
      'No availability zone given: pass -z/--zone (e.g. us-west-2a) or set TOIL_AWS_ZONE.',
    );
  }
  const match = ZONE.exec(zone);
  if (!match) {
    throw new ClusterOptionError(
      'BAD_ZONE',
      `'${zone}' is not an AWS availability zone: write a region and a letter, e.g. us-west-2a.`,
    );
  }
  return { zone, region: match[1]! };
}
