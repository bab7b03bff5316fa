import { rm } from 'node:fs/promises';
import { dirname } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { describeJobStoreContract, makeJob, testConfig } from '@toil/testing';
import { FakeGcsServer } from './fake/server.js';
import { writeFakeCredentials } from './fake/credentials.js';
import { GcsJobStore } from './gcs-job-store.js';

// The google: store through the real @google-cloud/storage client against an in-process fake of the JSON API
// (fake-backed: no GCS emulator exists here), with bearer tokens from external_account credentials, small
// listing pages, and 16 MiB resumable chunks for large files.
const fake = new FakeGcsServer({ tokens: ['good-token'], maxPageSize: 7 });
let credentials: string;
const saved = { ...process.env };
let counter = 0;
const run = Date.now().toString(36);

beforeAll(async () => {
  const url = await fake.start();
  credentials = await writeFakeCredentials(url, 'good-token');
  process.env.TOIL_GCS_ENDPOINT = url;
  process.env.GOOGLE_APPLICATION_CREDENTIALS = credentials;
});

afterAll(async () => {
  process.env = saved;
  await fake.stop();
  await rm(dirname(credentials), { recursive: true, force: true });
});

describeJobStoreContract(
  'GcsJobStore, fake-backed',
  async () => new GcsJobStore(`google:toil-test-project:contract-${run}-${counter++}`),
  { reopen: async (store) => new GcsJobStore(store.locator) },
);

describe('GcsJobStore requests, fake-backed', () => {
  it('creates records with ifGenerationMatch=0 and replaces them with the generation last read', async () => {
    const store = new GcsJobStore(`google:toil-test-project:conditions-${run}`);
    await store.initialize(testConfig({ jobStore: store.locator }));
    const job = makeJob(store.assignId());
    const from = fake.requests.length;
    await store.create(job);
    await store.update({ ...job, remainingTries: 1 });
    const uploads = fake.requests.slice(from).filter((r) => r.path.startsWith('/upload/'));
    const generation = fake.buckets.get(`conditions-${run}--toil`)?.objects.get(`jobs/${job.id}`)?.generation;
    expect(uploads.map((r) => r.query.get('ifGenerationMatch'))).toEqual(['0', String((generation as number) - 1)]);
    // A second create of the same ID fails the precondition (412), and the store says so.
    await expect(store.create(job)).rejects.toThrow('a job with this ID exists already');
    expect(fake.requests.at(-1)?.status).toBe(412);
    await store.destroy();
  });

  it('lists in pages and sends a 20 MiB file as a resumable upload in 16 MiB chunks', async () => {
    const store = new GcsJobStore(`google:toil-test-project:pages-${run}`);
    await store.initialize(testConfig({ jobStore: store.locator }));
    for (let i = 0; i < 20; i++) await store.create(makeJob(store.assignId()));
    const from = fake.requests.length;
    let count = 0;
    for await (const job of store.jobs()) if (job.id) count++;
    expect(count).toBe(20);
    const pages = fake.requests.slice(from).filter((r) => r.path.endsWith('/o') && r.method === 'GET');
    expect(pages.length).toBe(3); // 7 + 7 + 6 under the fake's page limit

    const big = Buffer.alloc(20 * 1024 * 1024, 7);
    const before = fake.requests.length;
    const id = await store.writeFileStream(async (stream) => {
      stream.end(big);
    });
    const chunks = fake.requests.slice(before).filter((r) => r.method === 'PUT' && r.query.has('upload_id'));
    // 16 MiB, then the 4 MiB rest, then the SDK's closing request with the total: the last one creates it.
    expect(chunks.map((r) => r.status)).toEqual([308, 308, 200]);
    expect((await store.readFileBytes(id)).equals(big)).toBe(true);
    await store.destroy();
  });

  it('retries a 503 from the server and stores the record whole', async () => {
    const store = new GcsJobStore(`google:toil-test-project:retry-${run}`);
    await store.initialize(testConfig({ jobStore: store.locator }));
    const job = makeJob(store.assignId());
    fake.failNext(503, 503);
    await store.create(job);
    expect((await store.load(job.id)).id).toBe(job.id);
    await store.destroy();
  });
});
