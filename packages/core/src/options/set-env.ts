import { InvalidValueError } from '../errors.js';

/**
 * `--setEnv NAME=VALUE` / `--setEnv NAME` (Toil's parseSetEnv). A bare NAME copies the variable from the
 * leader's environment now, so workers see the value the user saw; a later entry for the same NAME wins.
 * Also accepts a record (`{ FOO: 'bar' }`) from an embedding program.
 */
export function parseSetEnv(value: unknown, what: string, env: NodeJS.ProcessEnv): Record<string, string> {
  const result: Record<string, string> = {};
  if (isPlainRecord(value)) {
    for (const [name, v] of Object.entries(value)) {
      if (typeof v !== 'string') throw new InvalidValueError(what, value, `the value of ${name} must be a string`);
      result[checkName(name, what, value)] = v;
    }
    return result;
  }
  const items = Array.isArray(value) ? value : [value];
  for (const item of items) {
    if (typeof item !== 'string') {
      throw new InvalidValueError(what, item, 'use NAME=VALUE, or NAME to copy the variable from this environment');
    }
    const eq = item.indexOf('=');
    if (eq >= 0) {
      result[checkName(item.slice(0, eq), what, item)] = item.slice(eq + 1);
      continue;
    }
    const name = checkName(item, what, item);
    const inherited = env[name];
    if (inherited === undefined) {
      throw new InvalidValueError(
        what,
        item,
        `${name} is not set in this environment; use ${name}=VALUE to give its value`,
      );
    }
    result[name] = inherited;
  }
  return result;
}

function checkName(name: string, what: string, given: unknown): string {
  if (!name) throw new InvalidValueError(what, given, 'the variable name is empty; use NAME=VALUE');
  return name;
}

function isPlainRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
