/** One instance type the fake sells: its shape and hourly prices (real us-east-1 list prices, rounded). */
export interface InstanceTypeInfo {
  vcpus: number;
  memoryMiB: number;
  onDemandPrice: number;
}

/**
 * The instance types the fake knows; anything else is refused as EC2 refuses an unknown type. The spot price is
 * a fixed 30 % of on-demand, so a test can bid under it on purpose.
 */
export const INSTANCE_TYPES: Readonly<Record<string, InstanceTypeInfo>> = {
  't2.micro': { vcpus: 1, memoryMiB: 1024, onDemandPrice: 0.0116 },
  't2.small': { vcpus: 1, memoryMiB: 2048, onDemandPrice: 0.023 },
  't2.medium': { vcpus: 2, memoryMiB: 4096, onDemandPrice: 0.0464 },
  't2.large': { vcpus: 2, memoryMiB: 8192, onDemandPrice: 0.0928 },
  'c5.large': { vcpus: 2, memoryMiB: 4096, onDemandPrice: 0.085 },
  'c5.xlarge': { vcpus: 4, memoryMiB: 8192, onDemandPrice: 0.17 },
  'm5.large': { vcpus: 2, memoryMiB: 8192, onDemandPrice: 0.096 },
  'r5.large': { vcpus: 2, memoryMiB: 16384, onDemandPrice: 0.126 },
};

/** The current spot price of a type in the fake (USD per hour). */
export function spotPrice(info: InstanceTypeInfo): number {
  return Math.round(info.onDemandPrice * 0.3 * 10_000) / 10_000;
}

/** The fake's availability zones of a region: `<region>a`, `b` and `c`. */
export function zonesOf(region: string): string[] {
  return ['a', 'b', 'c'].map((s) => `${region}${s}`);
}
