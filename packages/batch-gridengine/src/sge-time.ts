const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** ms since the epoch of a local date and time, or undefined when a field is out of range. */
function local(
  year: number,
  month: number,
  day: number,
  hours: number,
  minutes: number,
  seconds: number,
): number | undefined {
  const date = new Date(year, month - 1, day, hours, minutes, Math.floor(seconds), Math.round((seconds % 1) * 1000));
  return date.getMonth() === month - 1 && date.getDate() === day ? date.getTime() : undefined;
}

/**
 * A time as GridEngine prints it, in the local time zone (its commands print local time without a zone):
 * `2026-11-25T16:47:42` (qstat -xml), `Wed Nov 25 16:47:34 2026` (qacct of SGE 8.1), `11/25/2026 16:47:34[.123]`
 * (qstat's table, UGE's qacct). Undefined for `-/-` (never happened) and anything else.
 */
export function parseLocalTime(text: string): number | undefined {
  const t = text.trim();
  const iso = /^(\d{4})-(\d\d)-(\d\d)T(\d\d):(\d\d):(\d\d(?:\.\d+)?)$/.exec(t);
  if (iso) return local(+iso[1], +iso[2], +iso[3], +iso[4], +iso[5], +iso[6]);
  const ctime = /^[A-Z][a-z]{2} ([A-Z][a-z]{2}) +(\d{1,2}) (\d\d):(\d\d):(\d\d) (\d{4})$/.exec(t);
  if (ctime) {
    const month = MONTHS.indexOf(ctime[1]) + 1;
    return month ? local(+ctime[6], month, +ctime[2], +ctime[3], +ctime[4], +ctime[5]) : undefined;
  }
  const us = /^(\d\d)\/(\d\d)\/(\d{4}) (\d\d):(\d\d):(\d\d(?:\.\d+)?)$/.exec(t);
  if (us) return local(+us[3], +us[1], +us[2], +us[4], +us[5], +us[6]);
  return undefined;
}

/** A time as qacct's `-b`/`-e` options take it, `CCYYMMDDhhmm.SS` in local time (seconds are truncated). */
export function qacctTime(ms: number): string {
  const d = new Date(ms);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}${pad(d.getMonth() + 1)}${pad(d.getDate())}${pad(d.getHours())}${pad(d.getMinutes())}.${pad(d.getSeconds())}`;
}
