import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testConfig } from '@toil/testing';
import { FakeGcsServer } from './fake/server.js';
import { writeFakeCredentials } from './fake/credentials.js';
import { GcsJobStore } from './gcs-job-store.js';

// User mistakes and encryption against the fake GCS JSON API (fake-backed): each is one ToilError line, and a
// failed start leaves no bucket behind.
const fake = new FakeGcsServer({ tokens: ['good-token'], forbiddenTokens: ['no-permission'] });
const saved = { ...process.env };
let dir: string;
const credentials: Record<string, string> = {};
const stamp = Date.now().toString(36);

beforeAll(async () => {
  const url = await fake.start();
  dir = await mkdtemp(join(tmpdir(), 'toil-gcs-bad-'));
  for (const token of ['good-token', 'wrong-token', 'no-permission']) {
    credentials[token] = await writeFakeCredentials(url, token);
  }
  await writeFile(join(dir, 'key'), 'k'.repeat(32));
  await writeFile(join(dir, 'other-key'), `${'o'.repeat(32)}\n`);
  await writeFile(join(dir, 'short-key'), 'short');
  process.env.TOIL_GCS_ENDPOINT = url;
  process.env.GOOGLE_APPLICATION_CREDENTIALS = credentials['good-token'];
});

afterAll(async () => {
  process.env = saved;
  await fake.stop();
  for (const file of Object.values(credentials)) await rm(dirname(file), { recursive: true, force: true });
  await rm(dir, { recursive: true, force: true });
});

/** A store opened with the credentials of one token. */
async function withToken<T>(token: string, run: () => Promise<T>): Promise<T> {
  process.env.GOOGLE_APPLICATION_CREDENTIALS = credentials[token];
  try {
    return await run();
  } finally {
    process.env.GOOGLE_APPLICATION_CREDENTIALS = credentials['good-token'];
  }
}

describe('google: store bad input, fake-backed', () => {
  it('wrong credentials (401) are one line naming GOOGLE_APPLICATION_CREDENTIALS, and create nothing', async () => {
    const store = new GcsJobStore(`google:toil-test-project:wrong-creds-${stamp}`);
    const error = await withToken('wrong-token', () =>
      store.initialize(testConfig({ jobStore: store.locator })).catch((e: unknown) => e),
    );
    expect(error).toMatchObject({ code: 'GCS_ACCESS_DENIED' });
    expect((error as Error).message).toContain(
      `Google Cloud Storage refused access to the bucket 'wrong-creds-${stamp}--toil' at ${fake.url} (HTTP 401 authError). Check GOOGLE_APPLICATION_CREDENTIALS`,
    );
    expect(fake.buckets.has(`wrong-creds-${stamp}--toil`)).toBe(false);
  });

  it('credentials without permission (403) are one line too', async () => {
    const store = new GcsJobStore(`google:toil-test-project:forbidden-${stamp}`);
    const error = await withToken('no-permission', () => store.resume().catch((e: unknown) => e));
    expect(error).toMatchObject({ code: 'GCS_ACCESS_DENIED' });
    expect((error as Error).message).toContain('(HTTP 403 forbidden)');
  });

  it('a missing bucket is NoSuchJobStoreError for resume, and destroy of it does nothing', async () => {
    const store = new GcsJobStore(`google:toil-test-project:missing-${stamp}`);
    await expect(store.resume()).rejects.toThrow(
      `The job store 'google:toil-test-project:missing-${stamp}' does not exist, so there is nothing to restart.`,
    );
    expect(await store.exists()).toBe(false);
    await store.destroy();
  });

  it('a bucket name taken by another project is one line saying to choose another name', async () => {
    fake.addForeignBucket(`taken-${stamp}--toil`);
    const store = new GcsJobStore(`google:toil-test-project:taken-${stamp}`);
    await expect(store.initialize(testConfig({ jobStore: store.locator }))).rejects.toThrow(
      `The GCS bucket 'taken-${stamp}--toil' cannot be used: it belongs to another project (bucket names are global on GCS); choose another job store name.`,
    );
  });

  it('a server that is down is one line naming it and TOIL_GCS_ENDPOINT', async () => {
    const store = new GcsJobStore(`google:toil-test-project:down-${stamp}`);
    process.env.TOIL_GCS_ENDPOINT = 'http://127.0.0.1:1';
    try {
      const error = (await store.exists().catch((e: unknown) => e)) as Error & { code: string };
      expect(error.code).toBe('GCS_UNREACHABLE');
      expect(error.message).toContain('Cannot reach Google Cloud Storage at http://127.0.0.1:1 (ECONNREFUSED)');
    } finally {
      process.env.TOIL_GCS_ENDPOINT = fake.url;
    }
  }, 60_000);

  it('a short --sseKey file is refused before anything is created, quoting the file', async () => {
    const store = new GcsJobStore(`google:toil-test-project:short-key-${stamp}`);
    const config = testConfig({ jobStore: store.locator, sseKey: join(dir, 'short-key') });
    await expect(store.initialize(config)).rejects.toThrow(
      `Invalid --sseKey file '${join(dir, 'short-key')}': it holds 5 bytes; a customer-supplied encryption key for GCS is a file holding exactly 32 bytes (AES-256).`,
    );
    expect(fake.buckets.has(`short-key-${stamp}--toil`)).toBe(false);
  });
});

describe('google: store with --sseKey (customer-supplied encryption key), fake-backed', () => {
  it('stores files with the key: they read back with it, and never without it or with another', async () => {
    const store = new GcsJobStore(`google:toil-test-project:csek-${stamp}`);
    await store.initialize(testConfig({ jobStore: store.locator, sseKey: join(dir, 'key') }));
    const id = await store.writeFileBytes('secret data', { basename: 'secret.txt' });
    const stored = fake.buckets.get(`csek-${stamp}--toil`)?.objects.get(`files/${id}`);
    expect(stored?.keySha256).toBeDefined();
    expect((await store.readFileBytes(id)).toString()).toBe('secret data');
    await store.updateFileBytes(id, 'new secret');
    const big = Buffer.alloc(17 * 1024 * 1024, 3);
    const bigId = await store.writeFileStream(async (stream) => {
      stream.end(big);
    });

    // Another process resumes the store: it takes the key from the config, as a worker does.
    const worker = new GcsJobStore(store.locator);
    expect((await worker.resume()).sseKey).toBe(join(dir, 'key'));
    expect((await worker.readFileBytes(id)).toString()).toBe('new secret');
    expect((await worker.readFileBytes(bigId)).equals(big)).toBe(true);

    const noKey = new GcsJobStore(store.locator);
    const error = (await noKey.readFileBytes(id).catch((e: unknown) => e)) as Error;
    expect(error).toMatchObject({ code: 'GCS_KEY_MISMATCH' });
    expect(error.message).toContain('written with another key or without one');

    const otherKey = new GcsJobStore(store.locator);
    await otherKey.writeConfig({ ...(await otherKey.resume()), sseKey: join(dir, 'other-key') });
    await expect(otherKey.readFileBytes(id)).rejects.toMatchObject({ code: 'GCS_KEY_MISMATCH' });
    await store.destroy();
    expect(fake.buckets.has(`csek-${stamp}--toil`)).toBe(false);
  });
});
