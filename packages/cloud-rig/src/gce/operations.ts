import { setTimeout as sleep } from 'node:timers/promises';
import type { GceContext, GceHandler } from './context.js';
import { notFound } from './errors.js';
import { operationJson, projectUrl } from './json.js';
import { numericId, operationName, type GceOperation } from './state.js';

/** How long `wait` holds a request before answering with a still RUNNING operation (GCE: up to 2 minutes). */
const WAIT_MS = 30_000;

/**
 * Start an operation whose work is `work`: RUNNING now, DONE when the work settles (with `error` when it
 * rejects). `zone` undefined makes a global operation.
 */
export function startOperation(
  ctx: GceContext,
  what: { zone?: string; type: string; target: string; targetId: string },
  work: Promise<unknown>,
): GceOperation {
  const op: GceOperation = {
    id: numericId(),
    name: operationName(),
    zone: what.zone,
    operationType: what.type,
    targetLink: `${projectUrl(ctx.project)}/${what.target}`,
    targetId: what.targetId,
    status: 'RUNNING',
    insertTime: new Date().toISOString(),
    done: Promise.resolve(),
  };
  op.done = work.then(
    () => undefined,
    (error: unknown) => {
      op.error = { errors: [{ code: 'INTERNAL_ERROR', message: String((error as Error)?.message ?? error) }] };
    },
  );
  op.done = op.done.finally(() => {
    op.status = 'DONE';
    op.endTime = new Date().toISOString();
  });
  ctx.track(op.done);
  ctx.state.operations.set(op.name, op);
  return op;
}

function find(ctx: GceContext, zone: string | undefined): GceOperation {
  const op = ctx.state.operations.get(ctx.path.operation!);
  if (!op || op.zone !== zone) {
    throw notFound(`projects/${ctx.project}/${zone ? `zones/${zone}` : 'global'}/operations/${ctx.path.operation}`);
  }
  return op;
}

/** zoneOperations.get / globalOperations.get. */
export const getOperation: GceHandler = (ctx) => operationJson(ctx.project, find(ctx, ctx.path.zone));

/** zoneOperations.wait / globalOperations.wait: answers when DONE, or after {@link WAIT_MS} as it is. */
export const waitOperation: GceHandler = async (ctx) => {
  const op = find(ctx, ctx.path.zone);
  await Promise.race([op.done, sleep(WAIT_MS)]);
  return operationJson(ctx.project, op);
};
