import { readFileSync } from 'node:fs';

/**
 * Whether process `pid` on this machine still runs. Reads `/proc/<pid>/stat` where there is one, so an exited
 * process its parent has not reaped yet (a zombie) counts as gone; elsewhere falls back to signal 0.
 */
export function isProcessRunning(pid: number): boolean {
  let stat: string;
  try {
    stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return process.platform !== 'linux' && signalZero(pid);
    throw error;
  }
  // Fields after the command name (which may itself hold spaces or parentheses); the first is the state.
  const state = stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3);
  return state !== 'Z' && state !== 'X';
}

function signalZero(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
