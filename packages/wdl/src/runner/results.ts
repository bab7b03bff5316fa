/**
 * The results file: `{"outputs": {"wf.x": ...}}` in the miniwdl dialect, `{"wf.x": ...}` in Cromwell's.
 */
import { toJson } from '../types/json.js';
import type { WdlValue } from '../values.js';

/** Output dialects of `--outputDialect`. */
export type OutputDialect = 'cromwell' | 'miniwdl';

/** The JSON document of a run's outputs. */
export function resultsJson(name: string, outputs: Array<[string, WdlValue]>, dialect: OutputDialect): unknown {
  const flat = Object.fromEntries(outputs.map(([k, v]) => [`${name}.${k}`, toJson(v)]));
  return dialect === 'miniwdl' ? { outputs: flat, dir: undefined } : flat;
}
