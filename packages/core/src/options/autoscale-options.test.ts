import { describe, expect, it } from 'vitest';
import { InvalidValueError } from '../errors.js';
import { parseOptions } from './parse.js';

const parse = (raw: Record<string, unknown>, env: NodeJS.ProcessEnv = {}) =>
  parseOptions(raw, { jobStore: '/tmp/js-autoscale-test', env, cwd: '/work/here' });

/** The one-line message of the InvalidValueError that parsing these options throws. */
function refusal(raw: Record<string, unknown>): string {
  try {
    parse(raw);
  } catch (error) {
    expect(error).toBeInstanceOf(InvalidValueError);
    const message = (error as Error).message;
    expect(message).not.toContain('\n');
    return message;
  }
  throw new Error('expected the options to be refused');
}

describe('autoscaling options', () => {
  it("has Toil's defaults and leaves the autoscaler off without --provisioner", () => {
    const config = parse({});
    expect(config.provisioner).toBeUndefined();
    expect(config).toMatchObject({
      nodeTypes: [],
      minNodes: [],
      maxNodes: [10],
      targetTime: 1800,
      betaInertia: 0.1,
      scaleInterval: 60,
      preemptibleCompensation: 0,
      nodeStorage: 50,
      nodeStorageOverrides: {},
      nodeBootTimeout: 600,
    });
  });

  it("parses the seed's example node types, bounds and overrides", () => {
    const config = parse({
      provisioner: 'aws',
      nodeTypes: 'c5.4xlarge/c5a.4xlarge:0.42,t2.large',
      minNodes: '0,1',
      maxNodes: '5',
      preemptableCompensation: '0.5',
      nodeStorageOverrides: 'c5.4xlarge:200',
      clusterStats: true,
    });
    expect(config.nodeTypes).toEqual([
      { name: 'c5.4xlarge/c5a.4xlarge:0.42', instanceTypes: ['c5.4xlarge', 'c5a.4xlarge'], bid: 0.42 },
      { name: 't2.large', instanceTypes: ['t2.large'] },
    ]);
    expect(config.minNodes).toEqual([0, 1]);
    expect(config.maxNodes).toEqual([5]);
    expect(config.preemptibleCompensation).toBe(0.5);
    expect(config.nodeStorageOverrides).toEqual({ 'c5.4xlarge': 200 });
    // Given alone, --clusterStats means the current directory.
    expect(config.clusterStats).toBe('/work/here');
  });

  it('reads TOIL_<NAME> variables like every option', () => {
    const config = parse({}, { TOIL_PROVISIONER: 'gce', TOIL_NODETYPES: 'n1-standard-8', TOIL_MAXNODES: '3' });
    expect(config.provisioner).toBe('gce');
    expect(config.nodeTypes).toEqual([{ name: 'n1-standard-8', instanceTypes: ['n1-standard-8'] }]);
    expect(config.maxNodes).toEqual([3]);
  });

  it('refuses malformed node types and bids in one line that quotes them', () => {
    expect(refusal({ provisioner: 'aws', nodeTypes: 't2.large:abc' })).toBe(
      'Invalid --nodeTypes bid "t2.large:abc": a spot bid is a positive price in dollars per hour, like :0.42',
    );
    expect(refusal({ provisioner: 'aws', nodeTypes: 't2.large:0' })).toContain('a spot bid is a positive price');
    expect(refusal({ provisioner: 'aws', nodeTypes: 't2.large:0.1:0.2' })).toContain("only one ':bid' is allowed");
    expect(refusal({ provisioner: 'aws', nodeTypes: 'c5.large,,t2.large' })).toContain(
      "'' is not an instance type name",
    );
    expect(refusal({ provisioner: 'aws', nodeTypes: 't2 large' })).toContain("'t2 large' is not an instance type name");
  });

  it('refuses bad counts, min above max, and more counts than node types', () => {
    expect(refusal({ provisioner: 'aws', nodeTypes: 'a.b', maxNodes: 'x' })).toBe(
      `Invalid --maxNodes "x": 'x' is not a whole number of nodes; give one count per node type, like 0,2`,
    );
    expect(refusal({ provisioner: 'aws', nodeTypes: 'a.b', minNodes: '-1' })).toContain("'-1' is not a whole number");
    expect(refusal({ provisioner: 'aws', nodeTypes: 'a.b,c.d', minNodes: '4,0', maxNodes: '3' })).toBe(
      `Invalid --minNodes "4,0": node type 'a.b' would have at least 4 but at most 3 nodes; raise --maxNodes or lower --minNodes`,
    );
    expect(refusal({ provisioner: 'aws', nodeTypes: 'a.b', maxNodes: '1,2' })).toContain(
      'it has 2 counts for 1 node type(s) in --nodeTypes',
    );
  });

  it('refuses out-of-range figures and options that would do nothing', () => {
    expect(refusal({ betaInertia: 0.95 })).toBe('Invalid --betaInertia 0.95: use a number from 0.0 to 0.9');
    expect(refusal({ preemptibleCompensation: 1.5 })).toContain('use a number from 0.0 to 1.0');
    expect(refusal({ scaleInterval: 0 })).toContain('greater than 0');
    expect(refusal({ nodeStorage: 2.5 })).toContain('whole number');
    expect(refusal({ nodeStorageOverrides: 'r5.xlarge=200' })).toContain('write instanceType:GB entries');
    expect(refusal({ nodeTypes: 't2.large' })).toContain('needs --provisioner');
    expect(refusal({ provisioner: 'aws' })).toContain('needs --nodeTypes');
  });
});
