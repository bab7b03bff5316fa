import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { testConfig } from '@toil/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AwsJobStore } from './aws-job-store.js';
import { readSseKey } from './sse-key.js';
import { testS3Env } from './s3-test-env.js';

// SSE-C (--sseKey) against the real S3 server of tooling/start-s3.sh.
const env = testS3Env() ?? {};
const stamp = Date.now().toString(36);
let dir: string;
const stores: AwsJobStore[] = [];

beforeAll(async () => {
  Object.assign(process.env, env);
  dir = await mkdtemp(join(tmpdir(), 'toil-sse-'));
  await writeFile(join(dir, 'key'), 'k'.repeat(32));
  await writeFile(join(dir, 'key-newline'), `${'n'.repeat(32)}\n`);
  await writeFile(join(dir, 'other-key'), 'o'.repeat(32));
  await writeFile(join(dir, 'short-key'), 'short');
});

afterAll(async () => {
  for (const store of stores) await store.destroy();
  await rm(dir, { recursive: true, force: true });
});

function open(name: string): AwsJobStore {
  const store = new AwsJobStore(`aws:us-east-1:sse-${stamp}-${name}`);
  stores.push(store);
  return store;
}

describe('--sseKey key files', () => {
  it('are 32 characters, with one trailing newline allowed', async () => {
    expect(await readSseKey(join(dir, 'key'))).toBe('k'.repeat(32));
    expect(await readSseKey(join(dir, 'key-newline'))).toBe('n'.repeat(32));
  });

  it('that are short or missing are one line naming the file', async () => {
    await expect(readSseKey(join(dir, 'short-key'))).rejects.toThrow(
      `Invalid --sseKey file '${join(dir, 'short-key')}': it holds 5 bytes; SSE-C needs a file holding a key of exactly 32 characters.`,
    );
    await expect(readSseKey(join(dir, 'none'))).rejects.toThrow(`'${join(dir, 'none')}': it cannot be read (ENOENT)`);
  });
});

describe('an aws: store with --sseKey', () => {
  it('stores its files encrypted with the key: they read back with it, and never without it or with another', async () => {
    const store = open('main');
    await store.initialize(testConfig({ jobStore: store.locator, sseKey: join(dir, 'key') }));
    const id = await store.writeFileBytes('secret data', { basename: 'secret.txt' });
    expect((await store.readFileBytes(id)).toString()).toBe('secret data');
    await store.updateFileBytes(id, 'new secret');

    // Another process resumes the store: it takes the key from the config, as a worker does.
    const worker = new AwsJobStore(store.locator);
    expect((await worker.resume()).sseKey).toBe(join(dir, 'key'));
    expect((await worker.readFileBytes(id)).toString()).toBe('new secret');

    const noKey = new AwsJobStore(store.locator);
    const error = (await noKey.readFileBytes(id).catch((e: unknown) => e)) as Error;
    expect(error).toMatchObject({ code: 'SSE_KEY_MISMATCH' });
    expect(error.message).toContain('written with another key or without one');
    await expect(noKey.getFileSize(id)).rejects.toMatchObject({ code: 'SSE_KEY_MISMATCH' });

    const otherKey = new AwsJobStore(store.locator);
    await otherKey.writeConfig({ ...(await otherKey.resume()), sseKey: join(dir, 'other-key') });
    await expect(otherKey.readFileBytes(id)).rejects.toMatchObject({ code: 'SSE_KEY_MISMATCH' });
  });

  it('with a short key file is refused before anything is created', async () => {
    const store = open('short');
    await expect(
      store.initialize(testConfig({ jobStore: store.locator, sseKey: join(dir, 'short-key') })),
    ).rejects.toMatchObject({ code: 'SSE_KEY' });
    expect(await store.exists()).toBe(false);
  });

  it('whose key file is gone can still be resumed and cleaned; its files then fail in one line', async () => {
    const store = open('lost');
    await writeFile(join(dir, 'lost-key'), 'l'.repeat(32));
    await store.initialize(testConfig({ jobStore: store.locator, sseKey: join(dir, 'lost-key') }));
    const id = await store.writeFileBytes('x');
    await rm(join(dir, 'lost-key'));
    const later = new AwsJobStore(store.locator);
    expect((await later.resume()).sseKey).toBe(join(dir, 'lost-key'));
    await expect(later.readFileBytes(id)).rejects.toMatchObject({ code: 'SSE_KEY' });
    await later.destroy();
    expect(await store.exists()).toBe(false);
  });
});
