import { InvalidValueError } from '../errors.js';
import type { OptionSpec } from '../options/spec.js';
import { nearNames } from '../options/values.js';

/**
 * `Toil.open({ backendOptions })` takes only options of the chosen batch system: a core option there, or another
 * backend's, would silently do nothing, so it is refused in one line naming what the batch system does take.
 */
export function checkBackendOptionNames(
  given: Readonly<Record<string, unknown>>,
  specs: readonly OptionSpec[],
  batchSystem: string,
): void {
  const names = specs.map((s) => s.name);
  for (const key of Object.keys(given)) {
    if (names.includes(key)) continue;
    const near = nearNames(key, names);
    const has = names.length ? `its options are ${names.join(', ')}` : 'it has no options of its own';
    const hint = near.length
      ? `it is not an option of the batch system '${batchSystem}'; did you mean ${near.join(', ')}? (${has})`
      : `it is not an option of the batch system '${batchSystem}' (${has}); Toil's own options go directly in the options object`;
    throw new InvalidValueError('backendOptions', key, hint);
  }
}
