/**
 * A job store is where the user says it is: a copied store restarts in the copy and never touches the original,
 * and a moved store restarts where it now is. Stores and work directories are private (0700, config 0600).
 */
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { fixture, runToil, toilRun } from './helpers/cli.js';
import { startToil, waitForFiles } from './helpers/background.js';
import { tempDir } from './helpers/temp.js';

const N = 4;
const EXPECTED = 14;

/** Every file of a tree with a hash of its content, so any change shows. */
function snapshot(root: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const entry of readdirSync(root, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile()) continue;
    const path = join(entry.parentPath, entry.name);
    out[relative(root, path)] = createHash('sha256').update(readFileSync(path)).digest('hex');
  }
  return out;
}

/** A store whose leader was killed with -9 in the middle of the workflow (its jobs wait for `<dir>/release`). */
async function interruptedStore(): Promise<{ dir: string; store: string }> {
  const dir = await tempDir();
  const store = join(dir, 'A');
  const leader = startToil([
    'run',
    fixture('lock.ts'),
    store,
    '--job',
    'heldFanout',
    '--args',
    JSON.stringify([dir, N]),
    '--disableProgress',
  ]);
  await waitForFiles(Array.from({ length: N }, (_, i) => join(dir, `started-${i}`)));
  leader.child.kill('SIGKILL');
  await leader.done;
  // Warm workers exit when their leader's IPC channel closes; give them a moment before copying.
  await new Promise((resolve) => setTimeout(resolve, 500));
  writeFileSync(join(dir, 'release'), '');
  return { dir, store };
}

const restart = (store: string) =>
  runToil(['run', fixture('lock.ts'), store, '--job', 'heldFanout', '--restart', '--disableProgress']);

describe('job store location', () => {
  it('restarting a copy (cp -a A B) finishes in B and leaves A exactly as it was; A then restarts too', async () => {
    const { dir, store } = await interruptedStore();
    const copy = join(dir, 'B');
    execFileSync('cp', ['-a', store, copy]);
    const before = snapshot(store);
    expect(Object.keys(before).filter((f) => f.startsWith('jobs/')).length).toBeGreaterThan(N);

    const restarted = await restart(copy);
    expect(restarted.code, restarted.stderr).toBe(0);
    expect(JSON.parse(restarted.stdout)).toBe(EXPECTED);
    expect(restarted.stderr).toContain(
      `The job store file:${copy} was created as file:${store} (it was copied or moved)`,
    );
    expect(snapshot(store)).toEqual(before);

    const original = await restart(store);
    expect(original.code, original.stderr).toBe(0);
    expect(JSON.parse(original.stdout)).toBe(EXPECTED);
  }, 120_000);

  it('restarting a moved store (mv A C) finishes where it now is', async () => {
    const { dir, store } = await interruptedStore();
    const moved = join(dir, 'C');
    execFileSync('mv', [store, moved]);
    const restarted = await restart(moved);
    expect(restarted.code, restarted.stderr).toBe(0);
    expect(JSON.parse(restarted.stdout)).toBe(EXPECTED);
  }, 120_000);
});

describe('private files', () => {
  it('creates the job store and the work directories 0700 and the config (which holds --setEnv values) 0600', async () => {
    const dir = await tempDir();
    const store = join(dir, 'parent', 'js');
    const work = join(dir, 'work');
    mkdirSync(work);
    const result = await toilRun(
      'files.ts',
      store,
      'tour',
      [],
      ['--clean', 'never', '--cleanWorkDir', 'never', '--workDir', work, '--setEnv', 'SECRET=hunter2'],
    );
    expect(result.code, result.stderr).toBe(0);
    const mode = (path: string) => (statSync(path).mode & 0o777).toString(8);
    expect(mode(store)).toBe('700');
    expect(mode(join(dir, 'parent'))).toBe('700');
    for (const sub of ['shared', 'jobs', 'files', 'stats', 'tmp']) expect(mode(join(store, sub))).toBe('700');
    expect(mode(join(store, 'shared', 'config.json'))).toBe('600');
    const [workflowDir] = readdirSync(work).filter((name) => name.startsWith('toil-'));
    expect(workflowDir).toBeDefined();
    expect(mode(join(work, workflowDir!))).toBe('700');
  }, 60_000);
});
