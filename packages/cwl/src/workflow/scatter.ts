/**
 * Scatter: the job list of a scattered step (dotproduct, nested_crossproduct, flat_crossproduct) and the shape the
 * gathered outputs take.
 */
import { CwlInputError } from '../errors.js';

/** One scatter job's inputs, and where its outputs go in the result (a path of indices). */
export interface ScatterJob {
  /** The step's inputs with each scattered one replaced by an element. */
  inputs: Record<string, unknown>;
  /** Indices into the output nesting. */
  path: number[];
}

/** The jobs of a scatter over `names` of `inputs`, and the shape of the output (lengths per level). */
export function scatterJobs(
  inputs: Record<string, unknown>,
  names: string[],
  method: string | undefined,
): { jobs: ScatterJob[]; shape: number[] } {
  const lists = names.map((name) => {
    const value = inputs[name];
    if (!Array.isArray(value))
      throw new CwlInputError(`Scatter input '${name}' must be a list, not ${JSON.stringify(value)}.`);
    return value;
  });
  if (names.length === 1 || (method ?? 'dotproduct') === 'dotproduct') {
    const length = lists[0].length;
    if (lists.some((list) => list.length !== length))
      throw new CwlInputError('dotproduct scatter over lists of different lengths.');
    const jobs = Array.from({ length }, (_, i) => ({
      inputs: withElements(
        inputs,
        names,
        lists.map((l) => l[i]),
      ),
      path: [i],
    }));
    return { jobs, shape: [length] };
  }
  const jobs: ScatterJob[] = [];
  const walk = (level: number, picked: unknown[], path: number[]) => {
    if (level === lists.length) {
      jobs.push({ inputs: withElements(inputs, names, picked), path });
      return;
    }
    lists[level].forEach((item, i) => walk(level + 1, [...picked, item], [...path, i]));
  };
  walk(0, [], []);
  const shape = lists.map((l) => l.length);
  return method === 'flat_crossproduct'
    ? { jobs: jobs.map((job, i) => ({ ...job, path: [i] })), shape: [jobs.length] }
    : { jobs, shape };
}

/** Nested empty lists of `shape`, to put results into by path. */
export function emptyNest(shape: number[]): unknown[] {
  const [first, ...rest] = shape;
  return Array.from({ length: first }, () => (rest.length === 0 ? null : emptyNest(rest)));
}

/** Puts `value` at `path` of a nest made by emptyNest. */
export function putAt(nest: unknown[], path: number[], value: unknown): void {
  let level = nest;
  for (const index of path.slice(0, -1)) level = level[index] as unknown[];
  level[path[path.length - 1]] = value;
}

function withElements(inputs: Record<string, unknown>, names: string[], values: unknown[]): Record<string, unknown> {
  const out = { ...inputs };
  names.forEach((name, i) => (out[name] = values[i]));
  return out;
}
