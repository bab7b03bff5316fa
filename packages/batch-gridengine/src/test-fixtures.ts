import { readFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * The text of a fixture in src/fixtures: real output captured from this machine's SGE 8.1.9 (qstat -xml,
 * qstat -j, qacct -j, qsub errors), except the `*-documented-*` ones, constructed from sge_status(5) for states
 * the test cluster did not produce (each says so in its first line).
 */
export function fixture(name: string): string {
  return readFileSync(join(import.meta.dirname, 'fixtures', name), 'utf8');
}

/** ms since the epoch of a local time, as GridEngine prints them (month 1-12). */
export const localMs = (y: number, mo: number, d: number, h: number, mi: number, s: number): number =>
  new Date(y, mo - 1, d, h, mi, s).getTime();
