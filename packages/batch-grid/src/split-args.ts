import { parse } from 'shell-quote';
import { InvalidValueError } from '@toil/core';

/**
 * Split extra scheduler arguments from an environment variable (`TOIL_SLURM_ARGS="-p short --qos=x"`) the way a
 * shell would, keeping quoted values whole. Shell operators and globs are refused: nothing here runs a shell.
 */
export function splitArgs(variable: string, value: string | undefined): string[] {
  if (!value?.trim()) return [];
  // Keep $VARS literal, as Toil's shlex.split does; the scheduler's own shell may expand them.
  return parse(value, (key) => `$${key}`).map((token) => {
    if (typeof token !== 'string')
      throw new InvalidValueError(
        variable,
        value,
        'give plain arguments, e.g. "-p short --time=1:00:00"; shell operators like ; | > are not allowed',
      );
    return token;
  });
}
