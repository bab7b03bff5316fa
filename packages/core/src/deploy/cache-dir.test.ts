import { chmod, mkdir, mkdtemp, rm, stat, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ensurePrivateDir, userBundleCacheDir } from './cache-dir.js';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'toil-cache-dir-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

const uid = process.getuid!();

describe('ensurePrivateDir', () => {
  it('creates missing directories with mode 0700', async () => {
    const target = join(dir, 'a', 'bundles');
    await ensurePrivateDir(target);
    expect((await stat(target)).mode & 0o777).toBe(0o700);
    expect((await stat(join(dir, 'a'))).mode & 0o777).toBe(0o700);
  });

  it('accepts an existing private directory, and one that is only group/world-readable', async () => {
    const target = join(dir, 'b');
    await mkdir(target, { mode: 0o755 });
    await chmod(target, 0o755);
    await expect(ensurePrivateDir(target)).resolves.toBeUndefined();
    expect((await stat(target)).mode & 0o777).toBe(0o755);
  });

  it.each([0o777, 0o770, 0o702])('refuses mode %o, naming the directory and its mode', async (mode) => {
    const target = join(dir, 'c');
    await mkdir(target);
    await chmod(target, mode);
    await expect(ensurePrivateDir(target)).rejects.toMatchObject({
      code: 'UNSAFE_CACHE_DIR',
      message: expect.stringContaining(
        `The bundle cache directory ${target} is unsafe: it has mode 0${mode.toString(8)} (owner uid ${uid})`,
      ),
    });
  });

  it('refuses a symbolic link, even to a private directory of this user', async () => {
    const real = join(dir, 'real');
    await mkdir(real, { mode: 0o700 });
    const link = join(dir, 'link');
    await symlink(real, link);
    await expect(ensurePrivateDir(link)).rejects.toMatchObject({
      code: 'UNSAFE_CACHE_DIR',
      message: expect.stringContaining(`${link} is unsafe: it is a symbolic link`),
    });
  });

  it('refuses a file where the directory should be', async () => {
    const file = join(dir, 'file');
    await writeFile(file, 'x');
    await expect(ensurePrivateDir(file)).rejects.toMatchObject({
      code: 'UNSAFE_CACHE_DIR',
      message: expect.stringContaining(`${file} is unsafe: it is not a directory`),
    });
  });
});

describe('userBundleCacheDir', () => {
  it('is per user, under the temp dir', () => {
    expect(userBundleCacheDir()).toBe(join(tmpdir(), `toil-bundles-${uid}`));
  });
});
