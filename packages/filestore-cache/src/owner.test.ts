import { describe, expect, it } from 'vitest';
import { ownerAlive, ownerOfName, ownerToken } from './owner.js';

describe('owners of cache state files', () => {
  it("names the owner of a download's path and of the job store's temp file next to it", () => {
    expect(ownerOfName('5798-2795448-3')).toBe('5798-2795448');
    expect(ownerOfName('5798-2795448-3.job')).toBe('5798-2795448');
    // What an object store's downloadTo writes before its rename: the same live download, never stale.
    expect(ownerOfName('.5798-2795448-3.tmp9ukhhroyer5y')).toBe('5798-2795448');
    expect(ownerOfName('5798-2795448')).toBe('5798-2795448');
    expect(ownerOfName('.tmp-stray')).toBeUndefined();
    expect(ownerOfName('x5798-2795448-3')).toBeUndefined();
  });

  it("keeps this process's temp files (alive) and gives a dead pid's up", () => {
    expect(ownerAlive(ownerOfName(`.${ownerToken()}-1.tmpabc`)!)).toBe(true);
    expect(ownerAlive(ownerOfName(`.${ownerToken()}-1.tmpabc`)!.replace(/-\d+$/, '-1'))).toBe(false);
  });
});
