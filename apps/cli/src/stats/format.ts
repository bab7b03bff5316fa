/**
 * The text report of `toil stats`, in Toil's layout (seed L3994–4019): a header, then a `Worker` block, a `Job`
 * block with jobs per worker, and one block per job type. Each block is a title row, a field row and a value row;
 * columns start 8 wide and grow to fit the widest value of any block. Trailing spaces are trimmed.
 */
import { CATEGORIES, type Category, type CollatedStats, type Stat, type Summary } from './collate.js';
import { formatMemory, formatNumber, formatTime } from './numbers.js';
import type { ReportOptions, SortField } from './options.js';

const FIELDS: readonly SortField[] = ['min', 'med', 'ave', 'max', 'total'];
const STAT_OF: Record<SortField, keyof Stat> = {
  min: 'min',
  med: 'median',
  ave: 'average',
  max: 'max',
  total: 'total',
};
const INITIAL_WIDTH = 8;

/** Column width per category and field. */
type Widths = Record<Category, Record<SortField, number>>;

function formatValue(category: Category, value: number, options: ReportOptions, width?: number): string {
  return category === 'memory' ? formatMemory(value, options.pretty, width) : formatTime(value, options.pretty, width);
}

/** Widths that fit every value of every block (a value as wide as its column gets one more space). */
function columnWidths(blocks: readonly Summary[], options: ReportOptions): Widths {
  const widths = Object.fromEntries(
    CATEGORIES.map((c) => [c, Object.fromEntries(FIELDS.map((f) => [f, INITIAL_WIDTH]))]),
  ) as Widths;
  for (const block of blocks) {
    for (const category of options.categories) {
      for (const field of FIELDS) {
        const text = formatValue(category, block[category][STAT_OF[field]], options).trim();
        if (text.length >= widths[category][field]) widths[category][field] = text.length + 1;
      }
    }
  }
  return widths;
}

function title(name: string, sorted: boolean): string {
  return sorted ? `${name}*` : name;
}

/** The three rows of one block. */
function block(summary: Summary, widths: Widths, options: ReportOptions): string[] {
  let header = `  ${title('Count', options.sortCategory === 'count').padStart(7)} `;
  let fields = `  ${'n'.padStart(7)} `;
  let values = `  ${formatNumber(summary.count, 7)}`;
  for (const category of options.categories) {
    const w = widths[category];
    const total = FIELDS.reduce((sum, f) => sum + w[f], 0);
    const name = category[0].toUpperCase() + category.slice(1);
    header += `| ${title(name, options.sortCategory === category).padStart(total)} `;
    fields += `| ${FIELDS.map((f) => title(f, options.sortCategory === category && options.sortField === f).padStart(w[f])).join('')} `;
    values += ` | ${FIELDS.map((f) => formatValue(category, summary[category][STAT_OF[f]], options, w[f])).join('')}`;
  }
  return [header, fields, values];
}

/** Job types in report order; ties go by name so the report is stable. */
export function sortJobTypes(types: readonly Summary[], options: ReportOptions): Summary[] {
  const key = (s: Summary): number | string => {
    if (options.sortCategory === 'alpha') return s.name;
    if (options.sortCategory === 'count') return s.count;
    return s[options.sortCategory][STAT_OF[options.sortField]];
  };
  const sorted = [...types].sort((a, b) => {
    const ka = key(a);
    const kb = key(b);
    const order = ka < kb ? -1 : ka > kb ? 1 : 0;
    return order || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0);
  });
  return options.sortReverse ? sorted.reverse() : sorted;
}

/** Python's repr of a float, which Toil prints for total cores: `100.0`, `1.5`. */
function floatRepr(n: number): string {
  return Number.isInteger(n) ? n.toFixed(1) : String(n);
}

/** The whole report, ending with a newline. */
export function formatStatsReport(stats: CollatedStats, options: ReportOptions): string {
  const types = sortJobTypes(stats.jobTypes, options);
  const widths = columnWidths([stats.worker, stats.jobs, ...types], options);
  const per = stats.jobs.perWorker;
  const lines = [
    `Batch System: ${stats.batchSystem}`,
    `Default Cores: ${formatNumber(stats.defaultCores)}  Default Memory: ${formatMemory(stats.defaultMemory / 1024, options.pretty)}`,
    // Toil keeps "unlimited" as Python's sys.maxsize, which %g prints as 9.22337e+18.
    `Max Cores: ${formatNumber(Number.isFinite(stats.maxCores) ? stats.maxCores : 2 ** 63 - 1)}`,
    `Total Clock: ${formatTime(stats.totalClock, options.pretty)}  Total Runtime: ${formatTime(stats.totalRunTime, options.pretty)}`,
    'Worker',
    ...block(stats.worker, widths, options),
    'Job',
    ` ${'Worker Jobs'.padEnd(12)} | ${['min', 'med', 'ave', 'max'].map((f) => f.padStart(7)).join('')}`,
    `${' '.repeat(14)}| ${[per.min, per.median, per.average, per.max].map((n) => formatNumber(n, 7)).join('')}`,
    ...block(stats.jobs, widths, options),
  ];
  for (const type of types) {
    lines.push(` ${type.name}`);
    if (type.cores !== undefined) lines.push(`    Total Cores: ${floatRepr(type.cores)}`);
    lines.push(...block(type, widths, options));
  }
  return lines.map((line) => line.trimEnd()).join('\n') + '\n';
}
