import { accessSync, constants } from 'node:fs';
import { delimiter, join } from 'node:path';

/** The absolute path `command` runs from, or undefined when it is not on PATH (or not executable). */
export function findCommand(command: string, path = process.env.PATH ?? ''): string | undefined {
  const candidates = command.includes('/') ? [command] : path.split(delimiter).filter(Boolean).map((dir) => join(dir, command));
  for (const candidate of candidates) {
    try {
      accessSync(candidate, constants.X_OK);
      return candidate;
    } catch {
      // Not here; keep looking.
    }
  }
  return undefined;
}
