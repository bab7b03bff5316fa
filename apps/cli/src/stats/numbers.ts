/**
 * Number formats of Toil's `toil stats` report: seconds with two decimals, memory in KiB with a `K` suffix,
 * counts in C's `%g`, and with `--pretty` human units (`2m5s`, `1.5G`). printj gives C's printf semantics
 * (`%g` prints sys.maxsize as `9.22337e+18`, as Toil does).
 */
import printj from 'printj';

const { sprintf } = printj;

/** Right-align `s` in `width` columns (longer strings are kept whole, which is how the columns grow). */
export function padLeft(s: string, width?: number): string {
  return width === undefined ? s : s.padStart(width);
}

/** A count or a core number the way `%g` prints it: `3`, `1.5`, `9.22337e+18`. */
export function formatNumber(n: number, width?: number): string {
  return width === undefined ? sprintf('%g', n) : sprintf('%*g', width, n);
}

/** Seconds: `0.14`, or with `pretty` `2m5s`. */
export function formatTime(seconds: number, pretty: boolean, width?: number): string {
  if (pretty) return padLeft(prettyTime(seconds), width);
  return width === undefined ? sprintf('%.2f', seconds) : sprintf('%*.2f', width, seconds);
}

/** KiB: `76K` (truncated to whole KiB, as Toil's `%d` does), or with `pretty` `1.5G`. */
export function formatMemory(kib: number, pretty: boolean, width?: number): string {
  if (pretty) return padLeft(prettyMemory(kib), width);
  const text = sprintf('%d', Math.trunc(kib));
  return `${width === undefined ? text : text.padStart(width - 1)}K`;
}

const UNITS = ['K', 'M', 'G', 'T', 'P', 'E'];

/** KiB in the largest unit below 1024 of it: `512K`, `1.5M`, `2.0G`. */
export function prettyMemory(kib: number): string {
  if (kib < 1024) return `${sprintf('%g', Math.trunc(kib))}K`;
  let value = kib;
  let unit = 0;
  while (value >= 1024 && unit < UNITS.length - 1) {
    value /= 1024;
    unit++;
  }
  return `${sprintf('%.1f', value)}${UNITS[unit]}`;
}

/** Seconds as `45s`, `3m20s`, `5h12m3s`, `2days4h0m9s`, `1week2days3h0m0s` (Toil's --pretty steps). */
export function prettyTime(seconds: number): string {
  const s = Math.trunc(seconds % 60);
  if (seconds < 120) return `${Math.trunc(seconds)}s`;
  const minutes = Math.floor(seconds / 60);
  if (seconds < 2 * 3600) return `${minutes}m${s}s`;
  const hours = Math.floor(seconds / 3600);
  if (seconds < 25 * 3600) return `${hours}h${minutes % 60}m${s}s`;
  const days = Math.floor(seconds / 86400);
  const plural = (n: number, word: string) => `${n}${word}${n > 1 ? 's' : ''}`;
  if (seconds < 7 * 86400) return `${plural(days, 'day')}${hours % 24}h${minutes % 60}m${s}s`;
  const weeks = Math.floor(days / 7);
  return `${plural(weeks, 'week')}${plural(days % 7, 'day')}${hours % 24}h${minutes % 60}m${s}s`;
}
