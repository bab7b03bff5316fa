/** Something waiting to be submitted, with the key that says which others it may share a job array with. */
export interface Groupable {
  arrayKey: string;
}

/** How far down the submit queue a group looks for jobs with the same key: bounded, so a mixed queue stays linear. */
const SCAN_LIMIT = 5000;

/**
 * Take the first queued item and every later one with the same array key, up to `maxTasks`, keeping the order of
 * the rest. With `maxTasks` 1 this is a plain shift.
 */
export function takeGroup<T extends Groupable>(queue: T[], maxTasks: number): T[] {
  const first = queue.shift();
  if (!first) return [];
  const group = [first];
  for (let i = 0; i < queue.length && i < SCAN_LIMIT && group.length < maxTasks;) {
    if (queue[i].arrayKey === first.arrayKey) group.push(...queue.splice(i, 1));
    else i++;
  }
  return group;
}
