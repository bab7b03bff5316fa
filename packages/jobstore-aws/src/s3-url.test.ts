import { chmod, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { s3Settings } from './s3-config.js';
import { S3ObjectStore } from './s3-object-store.js';
import { testS3Env } from './s3-test-env.js';
import { parseS3Url, s3UrlHandler } from './s3-url.js';

// Against the real S3 server of tooling/start-s3.sh, like the contract suite.
const env = testS3Env() ?? {};
const bucket = `url-test-${Date.now().toString(36)}`;
let dir: string;
let client: S3ObjectStore;

beforeAll(async () => {
  Object.assign(process.env, env);
  dir = await mkdtemp(join(tmpdir(), 'toil-s3-url-'));
  client = new S3ObjectStore(bucket, s3Settings('us-east-1', env));
  await client.createBucket();
});

afterAll(async () => {
  const keys: string[] = [];
  for await (const key of client.list('')) keys.push(key);
  if (keys.length) await client.delete(...keys);
  await client.deleteBucket();
  await rm(dir, { recursive: true, force: true });
});

describe('s3:// URLs', () => {
  it('parses s3://bucket/key and refuses anything else, quoting it', () => {
    expect(parseS3Url('s3://b/dir/a%20b.txt')).toEqual({ bucket: 'b', key: 'dir/a b.txt' });
    expect(() => parseS3Url('s3://bucket-only')).toThrow(
      "The URL 's3://bucket-only' is invalid: use 's3://<bucket>/<key>'",
    );
  });

  it('stat, download and upload objects, keeping the executable bit in metadata', async () => {
    const handler = s3UrlHandler(env);
    await client.put('in/data.txt', Buffer.from('from s3'));
    expect(await handler.stat(`s3://${bucket}/in/data.txt`)).toEqual({ size: 7, mode: 0o644 });
    await handler.download(`s3://${bucket}/in/data.txt`, join(dir, 'data.txt'));
    expect(await readFile(join(dir, 'data.txt'), 'utf8')).toBe('from s3');
    await writeFile(join(dir, 'tool.sh'), '#!/bin/sh\n');
    await chmod(join(dir, 'tool.sh'), 0o755);
    await handler.upload(join(dir, 'tool.sh'), `s3://${bucket}/out/tool.sh`);
    expect(await handler.stat(`s3://${bucket}/out/tool.sh`)).toEqual({ size: 10, mode: 0o755 });
    await expect(handler.stat(`s3://${bucket}/missing`)).rejects.toMatchObject({ code: 'NO_SUCH_FILE' });
  });

  it('lists the objects under a prefix taken as a folder, recursively, as URLs', async () => {
    const handler = s3UrlHandler(env);
    await client.put('tree/a.txt', Buffer.from('a'));
    await client.put('tree/sub/b c.txt', Buffer.from('b'));
    await client.put('tree/', Buffer.from(''));
    await client.put('treetop.txt', Buffer.from('not under tree/'));
    const expected = [`s3://${bucket}/tree/a.txt`, `s3://${bucket}/tree/sub/b%20c.txt`];
    expect(await handler.list!(`s3://${bucket}/tree`)).toEqual(expected);
    expect(await handler.list!(`s3://${bucket}/tree/`)).toEqual(expected);
    expect(await handler.list!(`s3://${bucket}/nothing-here`)).toEqual([]);
  });
});
