import { readFileSync } from 'node:fs';

/**
 * Who holds a piece of cache state: `<pid>-<start time>`. The start time (field 22 of `/proc/<pid>/stat`, in
 * clock ticks since boot) tells a live holder from a new process that reuses a dead one's pid, so a crashed
 * worker's locks and references are recognised as stale even after its pid comes back.
 */
export type OwnerToken = string;

/** Start time and state of a process, or undefined when it does not exist. */
function processStat(pid: number): { start: string; state: string } | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The command name (field 2) is in parentheses and may contain spaces: count fields after the last ')'.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return { state: fields[0] ?? '', start: fields[19] ?? '' };
  } catch {
    return undefined;
  }
}

/** This process's token (or another live process's). */
export function ownerToken(pid: number = process.pid): OwnerToken {
  return `${pid}-${processStat(pid)?.start ?? '0'}`;
}

/** Whether the process a token names still runs: same pid, same start time, not a zombie. */
export function ownerAlive(token: OwnerToken): boolean {
  const match = /^(\d+)-(\d+)$/.exec(token);
  if (!match) return false;
  const now = processStat(Number(match[1]));
  if (!now || now.state === 'Z') return false;
  return match[2] === '0' || now.start === match[2];
}

/**
 * The owner token at the start of a state file name `<pid>-<start>-...`, or undefined. A leading dot is allowed:
 * job stores download through a temp file next to the path they are given (`.<pid>-<start>-<n>.tmp...`, the
 * object stores' `downloadTo`), and that file belongs to the same live download as the path itself.
 */
export function ownerOfName(name: string): OwnerToken | undefined {
  return /^\.?(\d+-\d+)(?:[-.]|$)/.exec(name)?.[1];
}
