import { chmod, mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FakeGcsServer } from './fake/server.js';
import { gsUrlHandler, parseGsUrl } from './gs-url.js';

// The gs:// URL scheme through the SDK against the fake GCS JSON API (fake-backed), without credentials, as an
// emulator is used.
const fake = new FakeGcsServer();
let dir: string;
let env: NodeJS.ProcessEnv;

beforeAll(async () => {
  env = { TOIL_GCS_ENDPOINT: await fake.start() };
  fake.buckets.set('data', { name: 'data', project: 'p', objects: new Map() });
  dir = await mkdtemp(join(tmpdir(), 'toil-gs-url-'));
});

afterAll(async () => {
  await fake.stop();
  await rm(dir, { recursive: true, force: true });
});

describe('gs:// URLs, fake-backed', () => {
  it('parse as gs://<bucket>/<object>, and anything else is refused with the form that works', () => {
    expect(parseGsUrl('gs://data/dir/a%20b.txt')).toEqual({ bucket: 'data', key: 'dir/a b.txt' });
    expect(() => parseGsUrl('gs://data')).toThrow("use 'gs://<bucket>/<object>'");
  });

  it('upload, stat and download a file, keeping the executable bit', async () => {
    const handler = gsUrlHandler(env);
    const src = join(dir, 'tool.sh');
    await writeFile(src, '#!/bin/sh\necho hi\n');
    await chmod(src, 0o755);
    await handler.upload(src, 'gs://data/bin/tool.sh');
    expect(fake.buckets.get('data')?.objects.get('bin/tool.sh')?.metadata).toEqual({ executable: '1' });
    expect(await handler.stat('gs://data/bin/tool.sh')).toEqual({ size: 18, mode: 0o755 });
    const dest = join(dir, 'copy.sh');
    await handler.download('gs://data/bin/tool.sh', dest);
    expect(await readFile(dest, 'utf8')).toBe('#!/bin/sh\necho hi\n');
    expect((await stat(dest)).mode & 0o777).toBe(0o755);
  });

  it('lists the objects under a prefix taken as a folder, recursively, as URLs', async () => {
    const handler = gsUrlHandler(env);
    await writeFile(join(dir, 'x.txt'), 'x');
    for (const key of ['tree/a.txt', 'tree/sub/b c.txt', 'treetop.txt'])
      await handler.upload(join(dir, 'x.txt'), `gs://data/${key.split('/').map(encodeURIComponent).join('/')}`);
    expect(await handler.list!('gs://data/tree')).toEqual(['gs://data/tree/a.txt', 'gs://data/tree/sub/b%20c.txt']);
    expect(await handler.list!('gs://data/none')).toEqual([]);
  });

  it('a missing object is NoSuchFileError naming the URL', async () => {
    await expect(gsUrlHandler(env).stat('gs://data/none')).rejects.toThrow("'gs://data/none'");
  });
});
