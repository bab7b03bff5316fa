import type { GceContext, GceHandler } from './context.js';
import { GceApiError } from './errors.js';

/**
 * The boot an instance gets instead of its `startup-script` while failed boots are asked for: it exits 1 as a real
 * startup script does when, say, a package mirror is down. The host still runs and answers ssh (GCE reports it
 * RUNNING), so only the node never joining its cluster tells the failure apart.
 */
export const FAILING_BOOT = '#!/bin/sh\necho "toil-rig: this boot fails on purpose (failNextBoots)" >&2\nexit 1\n';

/**
 * `POST .../projects/<project>/toilRig/failNextBoots` with `{"count": n}`, the rig's own (no GCE method makes a
 * boot fail): the next n inserted instances boot {@link FAILING_BOOT} instead of their startup script. Answers
 * with the number still to fail.
 */
export const failNextBoots: GceHandler = (ctx) => {
  const count = ctx.body.count ?? 1;
  if (!Number.isInteger(count) || (count as number) < 0) {
    throw new GceApiError(
      400,
      'invalid',
      `Invalid value for field 'count': '${String(count)}'. Must be an integer >= 0.`,
    );
  }
  ctx.state.failBoots = (ctx.state.failBoots ?? 0) + (count as number);
  return { failNextBoots: ctx.state.failBoots };
};

/** Whether the instance being inserted now is one of those asked to fail its boot (and count it). */
export function takeFailingBoot(ctx: GceContext): boolean {
  if (!ctx.state.failBoots) return false;
  ctx.state.failBoots -= 1;
  return true;
}
