/**
 * Which of the runner's and Toil's options take a value, by name: what `doc-args.ts` needs to find the document
 * among the arguments and to keep Toil's options given after it. The fast table is the runner's own options
 * (no import); the whole table adds core's `toil run` options, the installed batch systems' and the options only
 * the Toil path's parser has, and is loaded only when the fast one misses a name (the Toil path loads it anyway).
 */
import type { OptionKind } from './doc-args.js';
import { FAST_OPTIONS } from './options.js';

/** The runner's own options (the fast parser's table). */
export function fastOptionKinds(): Map<string, OptionKind> {
  const kinds = new Map<string, OptionKind>([['singularity', 'flag']]);
  for (const [name, spec] of Object.entries(FAST_OPTIONS)) kinds.set(name, spec.type === 'string' ? 'value' : 'flag');
  return kinds;
}

/** Every option `toil-cwl-runner` accepts: the fast table, Toil's, the batch systems' and the Toil path's own. */
export async function allOptionKinds(): Promise<Map<string, OptionKind>> {
  const [{ TOIL_OPTIONS }, { installedBackendOptions }] = await Promise.all([
    import('@toil/core/internal'),
    import('./toil-options.js'),
  ]);
  const kinds = fastOptionKinds();
  // toil-options.ts registers these three besides core's table (--inProcessJobs is a yargs boolean).
  kinds.set('inProcessJobs', 'bool').set('jobStore', 'value').set('logDir', 'value');
  for (const spec of [...TOIL_OPTIONS, ...(await installedBackendOptions())]) {
    let kind: OptionKind;
    if (spec.type === 'boolean') kind = 'bool';
    else if (spec.type === 'count') kind = 'flag';
    else kind = spec.optionalValue === true ? 'optional' : 'value';
    for (const name of [spec.name, ...(spec.aliases ?? [])]) kinds.set(name, kind);
  }
  return kinds;
}
