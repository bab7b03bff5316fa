import type { ActionHandler } from './context.js';
import { Ec2ApiError } from './errors.js';
import { terminate } from './instances.js';
import { str } from './query.js';

/** The fake-only action name: not an EC2 action (EC2 reclaims spot instances by itself, on its own price). */
export const INTERRUPT_SPOT_ACTION = 'ToilRigInterruptSpot';

/** The reason EC2 gives a reclaimed spot instance. */
export const SPOT_TERMINATION = {
  code: 'Server.SpotInstanceTermination',
  message: 'Server.SpotInstanceTermination: Spot instance termination',
};

/**
 * `Action=ToilRigInterruptSpot&InstanceId=i-...`: reclaim a spot instance as EC2 does when the price rises over its
 * bid (its host is destroyed at once, its state reason is EC2's), so tests and people can drive the rig's daemon
 * from outside its process (Ec2Fake.interruptSpot is the in-process way). Signed like every other request.
 */
export const interruptSpot: ActionHandler = (ctx) => {
  const id = str(ctx.params, 'InstanceId') ?? '';
  const instance = ctx.state.instances.get(id);
  if (!instance) throw new Ec2ApiError('InvalidInstanceID.NotFound', `The instance ID '${id}' does not exist`);
  if (instance.lifecycle !== 'spot')
    throw new Ec2ApiError('InvalidParameterValue', `The instance '${id}' is not a spot instance`);
  terminate(ctx, instance, SPOT_TERMINATION);
  return { instanceId: id, currentState: instance.state };
};
