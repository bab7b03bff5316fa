import { describe, expect, it } from 'vitest';
import { rigLayout } from './rig-config.js';

describe('rigLayout', () => {
  it('derives the names of a rig from its id and subnet', () => {
    const l = rigLayout({ id: 'ab1', subnet: 7, stateRoot: '/tmp/x' });
    expect(l).toEqual({
      id: 'ab1',
      bridge: 'trigab1',
      bridgeIp: '10.77.7.1',
      prefix: '10.77.7',
      stateDir: '/tmp/x/ab1',
      hostsDir: '/tmp/x/ab1/hosts',
    });
  });
  it('refuses ids and subnets that do not fit interface names or an octet, quoting them', () => {
    expect(() => rigLayout({ id: 'Toolong', subnet: 1 })).toThrow("rig id 'Toolong' must be 1 to 5");
    expect(() => rigLayout({ id: 'a', subnet: 256 })).toThrow("rig subnet '256'");
  });
});
