/**
 * The report options of `toil stats`, parsed once into a typed value. Bad values fail here with one line that
 * quotes them and lists the valid ones (yargs' own `choices` message spans several lines).
 */
import { InvalidValueError } from '@toil/core';
import { CATEGORIES, type Category } from './collate.js';

/** What job types can be sorted by: a column group, the name, or the count. */
export const SORT_CATEGORIES = [...CATEGORIES, 'alpha', 'count'] as const;
export type SortCategory = (typeof SORT_CATEGORIES)[number];

/** Which figure of the column group sorts. */
export const SORT_FIELDS = ['min', 'med', 'ave', 'max', 'total'] as const;
export type SortField = (typeof SORT_FIELDS)[number];

/** How the report looks. */
export interface ReportOptions {
  /** Column groups shown, always in the order time, clock, wait, memory. */
  categories: Category[];
  sortCategory: SortCategory;
  sortField: SortField;
  sortReverse: boolean;
  /** Human units (`2m5s`, `1.5G`) instead of seconds and KiB. */
  pretty: boolean;
}

/** The raw flags, as yargs gives them. */
export interface ReportFlags {
  categories?: string;
  sortCategory?: string;
  sortField?: string;
  sortBy?: string;
  sortReverse?: boolean;
  pretty?: boolean;
}

function oneOf<T extends string>(flag: string, value: string, valid: readonly T[]): T {
  const v = value.trim().toLowerCase();
  if ((valid as readonly string[]).includes(v)) return v as T;
  throw new InvalidValueError(flag, value, `use one of: ${valid.join(', ')}`);
}

/**
 * Parse the flags. `--sortBy <category>[.<field>]` (e.g. `memory.max`, `alpha`) sets both sort flags at once and
 * wins over them.
 */
export function parseReportOptions(flags: ReportFlags): ReportOptions {
  const listed = (flags.categories ?? CATEGORIES.join(',')).split(',').filter((c) => c.trim() !== '');
  if (!listed.length)
    throw new InvalidValueError('--categories', flags.categories, `list at least one of: ${CATEGORIES.join(', ')}`);
  const chosen = new Set(listed.map((c) => oneOf('--categories entry', c, CATEGORIES)));
  let sortCategory = oneOf('--sortCategory', flags.sortCategory ?? 'time', SORT_CATEGORIES);
  let sortField = oneOf('--sortField', flags.sortField ?? 'med', SORT_FIELDS);
  if (flags.sortBy !== undefined) {
    const [category, field, ...rest] = flags.sortBy.split(/[.:]/);
    if (rest.length)
      throw new InvalidValueError(
        '--sortBy',
        flags.sortBy,
        `use <category>[.<field>] with a category of ${SORT_CATEGORIES.join(', ')} and a field of ${SORT_FIELDS.join(', ')}, e.g. memory.max`,
      );
    sortCategory = oneOf('--sortBy category', category, SORT_CATEGORIES);
    if (field !== undefined) sortField = oneOf('--sortBy field', field, SORT_FIELDS);
  }
  return {
    categories: CATEGORIES.filter((c) => chosen.has(c)),
    sortCategory,
    sortField,
    sortReverse: flags.sortReverse ?? false,
    pretty: flags.pretty ?? false,
  };
}
