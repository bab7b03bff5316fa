import type { OptionSpec } from '../options/spec.js';
import type { BatchSystemPlugin } from './plugin.js';

/**
 * A batch system's own options as option specs, for parsing: their values land in `config.extra`, and help names
 * the backend. The CLI registers those of every installed batch system; `Toil.open` those of the one it runs on.
 */
export function pluginOptionSpecs(plugin: BatchSystemPlugin): OptionSpec[] {
  return (plugin.options ?? []).map(
    (o) =>
      ({
        name: o.name,
        type: o.type,
        default: o.default,
        group: 'batch',
        help: `${o.description} (${plugin.name})`,
      }) as OptionSpec,
  );
}
