import { readFile, rename, unlink, writeFile } from 'node:fs/promises';
import { ownerAlive, type OwnerToken } from './owner.js';

let candidates = 0;

/**
 * Take a lock file for this owner: true when this process holds it now, false when a live process does.
 * Created exclusively (`wx`); a dead holder's lock is replaced by renaming a candidate over it and reading it back.
 * Two processes that replace the same dead holder at the same instant may both believe they hold it: locks here
 * only spare duplicate downloads and racing evictions, never guard correctness (entries are published by rename
 * and their content is the same whoever fetched it), so that rare double is harmless.
 */
export async function tryLock(path: string, owner: OwnerToken): Promise<boolean> {
  for (;;) {
    try {
      await writeFile(path, owner, { flag: 'wx', mode: 0o600 });
      return true;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
    const holder = await readFile(path, 'utf8').catch(() => undefined);
    if (holder === undefined) continue; // released between our create and our read: try again
    if (holder === owner) return true;
    if (ownerAlive(holder)) return false;
    const candidate = `${path}.${owner}-${++candidates}`;
    await writeFile(candidate, owner, { mode: 0o600 });
    await rename(candidate, path);
    return (await readFile(path, 'utf8').catch(() => undefined)) === owner;
  }
}

/** Release a lock this owner holds (left alone when someone has taken it over). */
export async function unlock(path: string, owner: OwnerToken): Promise<void> {
  if ((await readFile(path, 'utf8').catch(() => undefined)) === owner) await unlink(path).catch(() => undefined);
}

/** Wait until the lock is this owner's, polling (another process's lock can only be watched, not awaited). */
export async function lock(path: string, owner: OwnerToken, pollMs = 10): Promise<void> {
  while (!(await tryLock(path, owner))) await sleep(pollMs);
}

/** A pause between polls. */
export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
