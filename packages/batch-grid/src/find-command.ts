import { accessSync, constants } from 'node:fs';
import { delimiter, join } from 'node:path';
import { SchedulerError } from './errors.js';

/** The absolute path `command` runs from, or undefined when it is not on PATH (or not executable). */
export function findCommand(command: string, path = process.env.PATH ?? ''): string | undefined {
  const candidates = command.includes('/')
    ? [command]
    : path
        .split(delimiter)
        .filter(Boolean)
        .map((dir) => join(dir, command));
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

/**
 * Throw a one-line SchedulerError naming every one of `commands` that is not on PATH: a batch system checks this at
 * start-up (and in its plugin's preflight, before a job store is created) instead of failing every job later.
 */
export function requireCommands(commands: readonly string[], batchSystem: string, schedulerName: string): void {
  const missing = commands.filter((command) => !findCommand(command));
  if (!missing.length) return;
  throw new SchedulerError(
    `--batchSystem ${batchSystem} needs ${schedulerName}'s commands, but ${missing.map((c) => `'${c}'`).join(', ')} ${missing.length > 1 ? 'are' : 'is'} not on PATH. Install the ${schedulerName} client commands on this host, or choose another --batchSystem.`,
  );
}
