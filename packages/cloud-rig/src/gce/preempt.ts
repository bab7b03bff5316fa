import type { GceContext, GceHandler } from './context.js';
import { GceApiError, notFound } from './errors.js';
import { takeDown } from './instances.js';
import { operationJson } from './json.js';
import { startOperation } from './operations.js';
import type { GceInstance, GceOperation } from './state.js';

/**
 * Preempt a preemptible or spot instance as GCE does: its host goes down, and it is TERMINATED ("Instance was
 * preempted.") or, for a spot instance whose termination action is DELETE, gone. The operation is DONE then.
 */
export function preemptInstance(ctx: GceContext, instance: GceInstance): GceOperation {
  if (!instance.scheduling.preemptible && instance.scheduling.provisioningModel !== 'SPOT') {
    throw new GceApiError(400, 'invalid', `The instance '${instance.name}' is neither preemptible nor spot.`);
  }
  const remove = instance.scheduling.instanceTerminationAction === 'DELETE';
  const work = takeDown(ctx, instance, remove).then(() => {
    instance.statusMessage = 'Instance was preempted.';
  });
  return startOperation(
    ctx,
    {
      zone: instance.zone,
      type: 'compute.instances.preempted',
      target: `zones/${instance.zone}/instances/${instance.name}`,
      targetId: instance.id,
    },
    work,
  );
}

/**
 * instances.simulateMaintenanceEvent, the way Google documents testing a spot VM's preemption: a spot or
 * preemptible instance is preempted. GCE live-migrates a standard one, which the fake has nothing to do for.
 * Lets tests and people preempt from outside the rig's daemon (GceFake.preempt is the in-process way).
 */
export const simulateMaintenanceEvent: GceHandler = (ctx) => {
  const { zone, name } = ctx.path as { zone: string; name: string };
  const instance = [...ctx.state.instances.values()].find((i) => i.zone === zone && i.name === name);
  if (!instance) throw notFound(`projects/${ctx.project}/zones/${zone}/instances/${name}`);
  const spot = instance.scheduling.preemptible || instance.scheduling.provisioningModel === 'SPOT';
  const op = spot
    ? preemptInstance(ctx, instance)
    : startOperation(
        ctx,
        {
          zone,
          type: 'simulateMaintenanceEvent',
          target: `zones/${zone}/instances/${name}`,
          targetId: instance.id,
        },
        Promise.resolve(),
      );
  return operationJson(ctx.project, op);
};
