/**
 * A job store whose disk fills up mid-run, through the real CLI: the leader stops with one line naming the store
 * and saying it is intact (no stack trace), and once space is freed `--restart` finishes the workflow with the
 * right result. The store lives on a small tmpfs mounted for the test (this needs root, as the suite runs).
 */
import { execFileSync } from 'node:child_process';
import { mkdtemp, open, rm, unlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { startToil, waitForFiles } from './helpers/background.js';
import { errorLines, fixture, stackFrames, toilRun } from './helpers/cli.js';
import { tempDir } from './helpers/temp.js';

let mountPoint: string;
beforeAll(async () => {
  mountPoint = await mkdtemp(join(tmpdir(), 'toil-disk-full-'));
  execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=4m', 'tmpfs', mountPoint]);
});
afterAll(async () => {
  // Lazy: a worker still closing a file must not leave the mount behind.
  execFileSync('umount', ['-l', mountPoint]);
  await rm(mountPoint, { recursive: true, force: true });
});

/** Write zeros to `path` until the device is full. */
async function fillUp(path: string): Promise<void> {
  const file = await open(path, 'w');
  const chunk = Buffer.alloc(64 * 1024);
  try {
    for (;;) await file.write(chunk);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOSPC') throw error;
  } finally {
    await file.close();
  }
}

it('stops with one line saying the store is intact when its disk fills up mid-run, and --restart resumes once space is freed', async () => {
  const dir = await tempDir();
  const store = join(mountPoint, 'js');
  // Two children: both run at once on a 2-core machine.
  const args = JSON.stringify([dir, 2]);
  const run = startToil(['run', fixture('disk-full.ts'), store, '--job', 'heldFanout', '--args', args]);
  // Every child is running (they hold until `go`): fill the disk, then let them commit their results.
  await waitForFiles([0, 1].map((i) => join(dir, `running-${i}`)));
  const fill = join(mountPoint, 'fill');
  await fillUp(fill);
  await writeFile(join(dir, 'go'), '');
  const full = await run.done;

  expect(full.code, full.stderr).toBe(1);
  expect(full.stdout).toBe('');
  const storeRe = `file:${store}`.replace(/[/.]/g, '\\$&');
  expect(errorLines(full.stderr)).toEqual([
    expect.stringMatching(
      new RegExp(
        `^toil: No space left on the device holding (the job store ${storeRe}|'${store.replace(/[/.]/g, '\\$&')}/[^']+') \\(device full\\)\\. (It|The job store ${storeRe}) is intact: free some space, then run the same command with --restart to resume\\.$`,
      ),
    ),
  ]);
  expect(stackFrames(full.stderr)).toEqual([]);

  await unlink(fill);
  const resumed = await toilRun('disk-full.ts', store, 'heldFanout', [dir, 2], ['--restart']);
  expect(resumed.code, resumed.stderr).toBe(0);
  expect(resumed.stdout).toBe('1\n');
});
