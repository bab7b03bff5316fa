import { InvalidValueError } from '../errors.js';

/**
 * Byte sizes as Toil's human2bytes reads them: a number with an optional unit. Decimal units (K, M, G, T, P, E)
 * are powers of 1000 when spelled `KB`/`MB`..., and of 1024 when spelled `K`/`Ki`/`KiB` (Toil treats a bare `K`
 * as KiB, as does `ls -h`). Hand-written because no maintained package accepts Toil's spellings exactly.
 */
const UNIT_POWERS: Record<string, number> = { '': 0, k: 1, m: 2, g: 3, t: 4, p: 5, e: 6 };
const SIZE_PATTERN = /^\s*(\d+(?:\.\d*)?|\.\d+)\s*([kmgtpe]?)(i?)(b?)\s*$/i;

/** Parse `'2G'`, `'512Mi'`, `'1.5GiB'`, `'100kB'`, `'1000'` or a number into bytes. Throws InvalidValueError. */
export function parseBytes(value: string | number, what = 'size'): number {
  if (typeof value === 'number') {
    if (!Number.isFinite(value) || value < 0)
      throw new InvalidValueError(what, value, 'use a non-negative number of bytes');
    return Math.ceil(value);
  }
  const match = SIZE_PATTERN.exec(value);
  if (!match) {
    throw new InvalidValueError(what, value, "use a number of bytes or a size like '512M', '2G', '1.5Gi' or '100KB'");
  }
  const [, digits, unit, binaryMark, byteMark] = match;
  const power = UNIT_POWERS[unit.toLowerCase()];
  // A 'B' without an 'i' after a unit means decimal (KB = 1000); Toil's K, Ki and KiB all mean 1024.
  const base = unit && byteMark && !binaryMark ? 1000 : 1024;
  return Math.ceil(Number(digits) * base ** power);
}

/** Format bytes the way Toil prints them in help and logs: `2.0 Gi`, `62.5 Ki`, `100 B`. */
export function formatBytes(bytes: number): string {
  if (!Number.isFinite(bytes)) return 'unlimited';
  const units = ['B', 'Ki', 'Mi', 'Gi', 'Ti', 'Pi', 'Ei'];
  let value = bytes;
  let i = 0;
  while (value >= 1024 && i < units.length - 1) {
    value /= 1024;
    i++;
  }
  return i === 0 ? `${value} B` : `${value.toFixed(1)} ${units[i]}`;
}
