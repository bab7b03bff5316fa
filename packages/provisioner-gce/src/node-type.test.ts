import { describe, expect, it } from 'vitest';
import { parseGceNodeType } from './node-type.js';

describe('GCE node types', () => {
  it('reads machine types and treats a bid as preemptible', () => {
    expect(parseGceNodeType('e2-small')).toEqual({ text: 'e2-small', machineTypes: ['e2-small'], preemptible: false });
    expect(parseGceNodeType('n2-standard-2/e2-standard-2:0.05')).toEqual({
      text: 'n2-standard-2/e2-standard-2:0.05',
      machineTypes: ['n2-standard-2', 'e2-standard-2'],
      preemptible: true,
      bid: '0.05',
    });
  });

  it('refuses malformed bids and EC2-style names in one line quoting them', () => {
    expect(() => parseGceNodeType('e2-small:cheap')).toThrow("The node type 'e2-small:cheap' has a malformed bid");
    expect(() => parseGceNodeType('e2-small:0')).toThrow('malformed bid');
    expect(() => parseGceNodeType('e2-small:1:2')).toThrow('malformed bid');
    expect(() => parseGceNodeType('t2.small')).toThrow("The node type 't2.small' is not a GCE machine type list");
  });
});
