import { GceApiError } from './errors.js';

/** One `field = value` / `field != value` term of a list filter. */
interface Term {
  field: string;
  negate: boolean;
  value: string;
}

/**
 * Parse the part of Compute's list `filter` syntax a provisioner sends: terms `field = value` or `field != value`
 * (value quoted or bare; fields like `name`, `status`, `labels.KEY`), joined by `AND` or written side by side in
 * parentheses. Hand-written because no maintained JavaScript library parses GCE's filter language; anything
 * outside this subset is refused as GCE refuses a filter it cannot parse (400 invalid).
 */
export function parseFilter(filter: string | null): Term[] {
  if (!filter || filter.trim() === '') return [];
  const parts = filter
    .replace(/\)\s*\(/g, ') AND (')
    .split(/\s+AND\s+/i)
    .map((p) =>
      p
        .trim()
        .replace(/^\((.*)\)$/s, '$1')
        .trim(),
    );
  return parts.map((part) => {
    const m = /^([A-Za-z][\w.-]*)\s*(=|!=|eq|ne)\s*(?:"([^"]*)"|'([^']*)'|(\S+))$/.exec(part);
    if (!m)
      throw new GceApiError(
        400,
        'invalid',
        `Invalid value for field 'filter': '${filter}'. Invalid list filter expression.`,
      );
    return { field: m[1]!, negate: m[2] === '!=' || m[2] === 'ne', value: m[3] ?? m[4] ?? m[5] ?? '' };
  });
}

/** Whether a resource passes every term; `field` reads one of its fields (`labels.KEY` included) as a string. */
export function matches(terms: readonly Term[], field: (name: string) => string | undefined): boolean {
  return terms.every((t) => (field(t.field) === t.value) !== t.negate);
}
