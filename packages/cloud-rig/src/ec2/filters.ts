import { Ec2ApiError } from './errors.js';
import { nodes, strings, str, type QueryNode } from './query.js';

/** One `Filter.N` of a Describe call. */
export interface Filter {
  name: string;
  values: string[];
}

/** The `Filter.N.Name` / `Filter.N.Value.M` list of a request. */
export function readFilters(params: QueryNode): Filter[] {
  return nodes(params, 'Filter').map((f) => ({ name: str(f, 'Name') ?? '', values: strings(f, 'Value') }));
}

/**
 * True when a resource passes every filter: `field(name)` gives the resource's values for a filter name
 * (undefined for a name the fake does not support, which is an error as in EC2). Values may use `*` wildcards.
 */
export function matchesFilters(
  filters: readonly Filter[],
  field: (name: string) => readonly string[] | undefined,
): boolean {
  return filters.every((f) => {
    const have = field(f.name);
    if (have === undefined) throw new Ec2ApiError('InvalidParameterValue', `The filter '${f.name}' is invalid`);
    return f.values.some((want) => {
      const re = new RegExp(`^${want.replace(/[.+?^${}()|[\]\\]/g, '\\$&').replaceAll('*', '.*')}$`);
      return have.some((v) => re.test(v));
    });
  });
}

/** Values of a `tag:Key` or `tag-key` filter from a resource's tags; undefined when the name is neither. */
export function tagField(name: string, tags: ReadonlyMap<string, string>): string[] | undefined {
  if (name.startsWith('tag:')) {
    const v = tags.get(name.slice(4));
    return v === undefined ? [] : [v];
  }
  if (name === 'tag-key') return [...tags.keys()];
  return undefined;
}
