import { describe, expect, it } from 'vitest';
import { NoSpaceLeftError, ToilError } from '../errors.js';

/** A system error as Node's fs makes it. */
function errno(code: string, message: string, path?: string): NodeJS.ErrnoException {
  return Object.assign(new Error(`${code}: ${message}`), { code, path });
}

describe('NoSpaceLeftError.from', () => {
  it('names the job store when the failed write gives no path (a full device while writing a temp file)', () => {
    const error = NoSpaceLeftError.from(errno('ENOSPC', 'no space left on device, write'), 'file:/data/js');
    expect(error?.message).toBe(
      'No space left on the device holding the job store file:/data/js (device full). It is intact: free some space, then run the same command with --restart to resume.',
    );
    expect(ToilError.is(error) && error.userFacing).toBe(true);
  });

  it('quotes the path when there is one, and says "disk quota exceeded" for EDQUOT', () => {
    const error = NoSpaceLeftError.from(
      errno('EDQUOT', 'disk quota exceeded, open', '/data/leader.log'),
      'file:/data/js',
    );
    expect(error?.message).toBe(
      "No space left on the device holding '/data/leader.log' (disk quota exceeded). The job store file:/data/js is intact: free some space, then run the same command with --restart to resume.",
    );
  });

  it('finds the system error in a cause chain, keeps one already made, and ignores every other error', () => {
    const wrapped = new ToilError('X', 'could not commit', {
      cause: errno('ENOSPC', 'no space left on device, write', '/data/js/tmp/t1'),
    });
    expect(NoSpaceLeftError.from(wrapped)?.message).toBe(
      "No space left on the device holding '/data/js/tmp/t1' (device full). The job store is intact: free some space, then run the same command with --restart to resume.",
    );
    const made = new NoSpaceLeftError(undefined, 'ENOSPC', { locator: 'file:/data/js' });
    expect(NoSpaceLeftError.from(made, 'file:/elsewhere')).toBe(made);
    expect(NoSpaceLeftError.from(errno('EACCES', 'permission denied, open', '/data/js'))).toBeUndefined();
    expect(NoSpaceLeftError.from('ENOSPC')).toBeUndefined();
  });
});
