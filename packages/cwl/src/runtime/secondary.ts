/**
 * secondaryFiles patterns: a suffix appended to the primary's name, each leading `^` first removing one extension
 * (`^.bai` on `x.bam` is `x.bai`); a trailing `?` marks the file optional.
 */
import { dirname, join } from 'node:path';

/** The path a suffix pattern names for the primary file at `primary`. */
export function secondaryPath(primary: string, pattern: string): string {
  return join(dirname(primary), secondaryName(primary.slice(primary.lastIndexOf('/') + 1), pattern));
}

/** The basename a suffix pattern gives for a primary basename. */
export function secondaryName(base: string, pattern: string): string {
  let suffix = pattern.endsWith('?') ? pattern.slice(0, -1) : pattern;
  let name = base;
  while (suffix.startsWith('^')) {
    suffix = suffix.slice(1);
    const dot = name.lastIndexOf('.');
    if (dot > 0) name = name.slice(0, dot);
  }
  return name + suffix;
}
