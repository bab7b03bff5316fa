import { existsSync } from 'node:fs';
import { chmod, copyFile, mkdtemp, readFile, readdir, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { NoSuchFileError } from '../errors.js';
import { registerPlugin, resetPluginRegistry } from '../plugins/registry.js';
import { exportUrl, importUrl, pluginSchemeOf } from './url-schemes.js';

/**
 * A `urlScheme` plugin for `box://<name>` backed by a real directory, and a job store reduced to its import and
 * export of local paths (the part these functions call): the files really travel through the temp copies.
 */
let box: string;
let storeDir: string;
const imported: { url: string; options?: unknown }[] = [];
const store = {
  async importFile(url: string, options?: { sharedFileName?: string }): Promise<string | undefined> {
    imported.push({ url, options });
    const st = await stat(url).catch(() => undefined);
    if (!st) throw new Error(`store cannot read ${url}`);
    const id = options?.sharedFileName ?? `id-${basename(url)}-${(st.mode & 0o111) !== 0 ? 'x' : 'plain'}`;
    await copyFile(url, join(storeDir, id));
    return options?.sharedFileName === undefined ? id : undefined;
  },
  async exportFile(fileId: string, url: string): Promise<void> {
    await copyFile(join(storeDir, fileId), url);
  },
};

beforeEach(async () => {
  resetPluginRegistry();
  imported.length = 0;
  box = await mkdtemp(join(tmpdir(), 'toil-box-'));
  storeDir = await mkdtemp(join(tmpdir(), 'toil-box-store-'));
  const path = (url: string) => join(box, new URL(url).pathname);
  registerPlugin({
    kind: 'urlScheme',
    name: 'box',
    packageName: 'box-test',
    moduleUrl: import.meta.url,
    load: async () => ({
      stat: async (url) => {
        const st = await stat(path(url)).catch(() => undefined);
        if (!st) throw new NoSuchFileError(url);
        return { size: st.size, mode: st.mode };
      },
      download: (url, dest) => copyFile(path(url), dest),
      upload: (src, url) => copyFile(src, path(url)),
    }),
  });
});

afterEach(async () => {
  resetPluginRegistry();
  await rm(box, { recursive: true, force: true });
  await rm(storeDir, { recursive: true, force: true });
});

describe('URL-scheme plugins for import and export', () => {
  it('knows which URLs go to a plugin', () => {
    expect(pluginSchemeOf('s3://bucket/key')).toBe('s3');
    expect(pluginSchemeOf('GS://bucket/key')).toBe('gs');
    for (const url of ['file:///x', 'http://h/x', 'https://h/x', '/abs/path', 'relative', 'mailto:x'])
      expect(pluginSchemeOf(url)).toBeUndefined();
  });

  it("imports through the scheme's plugin, keeping the basename and the executable bit, and leaves no temp copy", async () => {
    await writeFile(join(box, 'tool.sh'), '#!/bin/sh\n');
    await chmod(join(box, 'tool.sh'), 0o755);
    await writeFile(join(box, 'data.txt'), 'data');
    expect(await importUrl(store, 'box://any/tool.sh')).toBe('id-tool.sh-x');
    expect(await importUrl(store, 'box://any/data.txt')).toBe('id-data.txt-plain');
    expect(await readFile(join(storeDir, 'id-data.txt-plain'), 'utf8')).toBe('data');
    expect(await importUrl(store, 'box://any/data.txt', { sharedFileName: 'shared.txt' })).toBeUndefined();
    expect(await readFile(join(storeDir, 'shared.txt'), 'utf8')).toBe('data');
    for (const { url } of imported) expect(existsSync(url), `${url} removed`).toBe(false);
  });

  it("exports through the scheme's plugin", async () => {
    await writeFile(join(storeDir, 'result'), 'result bytes');
    await exportUrl(store, 'result', 'box://any/out.txt');
    expect(await readFile(join(box, 'out.txt'), 'utf8')).toBe('result bytes');
  });

  it("passes the plugin's failure on and imports nothing", async () => {
    await expect(importUrl(store, 'box://any/missing')).rejects.toMatchObject({ code: 'NO_SUCH_FILE' });
    expect(imported).toEqual([]);
    expect(await readdir(storeDir)).toEqual([]);
  });

  it('leaves core schemes, paths and schemes no plugin has to the store itself', async () => {
    await writeFile(join(box, 'local.txt'), 'local');
    expect(await importUrl(store, join(box, 'local.txt'))).toBe('id-local.txt-plain');
    await expect(importUrl(store, 'gopher://host/x')).rejects.toThrow('store cannot read gopher://host/x');
    expect(imported.map((i) => i.url)).toEqual([join(box, 'local.txt'), 'gopher://host/x']);
  });
});
