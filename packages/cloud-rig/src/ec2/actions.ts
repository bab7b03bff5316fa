import { describeAvailabilityZones, describeInstanceTypes, describeSpotPriceHistory } from './catalog-actions.js';
import type { ActionHandler } from './context.js';
import { describeInstances, runInstances, terminateInstances } from './instances.js';
import { deleteKeyPair, describeKeyPairs, importKeyPair } from './key-pairs.js';
import {
  authorizeSecurityGroupIngress,
  createSecurityGroup,
  deleteSecurityGroup,
  describeSecurityGroups,
} from './security-groups.js';
import { INTERRUPT_SPOT_ACTION, interruptSpot } from './spot-interrupt.js';
import { createTags } from './tags.js';

/**
 * The EC2 actions the fake answers, by their `Action=` name; any other is `InvalidAction`, as in EC2. One is the
 * rig's own: reclaiming a spot instance from outside the daemon (spot-interrupt.ts).
 */
export const ACTIONS: Readonly<Record<string, ActionHandler>> = {
  RunInstances: runInstances,
  DescribeInstances: describeInstances,
  TerminateInstances: terminateInstances,
  CreateTags: createTags,
  CreateSecurityGroup: createSecurityGroup,
  AuthorizeSecurityGroupIngress: authorizeSecurityGroupIngress,
  DeleteSecurityGroup: deleteSecurityGroup,
  DescribeSecurityGroups: describeSecurityGroups,
  ImportKeyPair: importKeyPair,
  DescribeKeyPairs: describeKeyPairs,
  DeleteKeyPair: deleteKeyPair,
  DescribeInstanceTypes: describeInstanceTypes,
  DescribeAvailabilityZones: describeAvailabilityZones,
  DescribeSpotPriceHistory: describeSpotPriceHistory,
  [INTERRUPT_SPOT_ACTION]: interruptSpot,
};
