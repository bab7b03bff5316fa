import { describe, expect, it } from 'vitest';
import { parseNodeType, parseNodeTypes } from './node-type.js';
import { resolveZone } from './zone.js';

describe('node types and zones', () => {
  it("parses Toil's node type syntax", () => {
    expect(parseNodeTypes('c5.4xlarge/c5a.4xlarge:0.42, t2.large')).toEqual([
      { text: 'c5.4xlarge/c5a.4xlarge:0.42', instanceTypes: ['c5.4xlarge', 'c5a.4xlarge'], bid: '0.42' },
      { text: 't2.large', instanceTypes: ['t2.large'], bid: undefined },
    ]);
  });
  it('refuses a malformed bid or type, quoting it', () => {
    for (const bad of ['t2.large:abc', 't2.large:0', 't2.large:1:2', 't2.large:-1']) {
      expect(() => parseNodeType(bad)).toThrow(`The node type '${bad}' has a malformed spot bid`);
    }
    expect(() => parseNodeType('large')).toThrow("The node type 'large' is not an instance type list");
  });
  it('takes the zone from the option, then TOIL_AWS_ZONE, and derives the region', () => {
    expect(resolveZone('us-west-2a', {})).toEqual({ zone: 'us-west-2a', region: 'us-west-2' });
    expect(resolveZone(undefined, { TOIL_AWS_ZONE: 'eu-central-1b' })).toEqual({
      zone: 'eu-central-1b',
      region: 'eu-central-1',
    });
    expect(() => resolveZone(undefined, {})).toThrow('No availability zone given: pass -z/--zone');
    expect(() => resolveZone('us-west-2', {})).toThrow("'us-west-2' is not an AWS availability zone");
  });
});
