import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll } from 'vitest';
import { describeJobStoreContract } from '@toil/testing';
import { FileJobStore } from './file-job-store.js';

const parent = await mkdtemp(join(tmpdir(), 'toil-fjs-contract-'));
let counter = 0;
afterAll(async () => {
  await rm(parent, { recursive: true, force: true });
});

describeJobStoreContract('FileJobStore', async () => new FileJobStore(`file:${join(parent, `store-${counter++}`)}`), {
  reopen: async (store) => new FileJobStore(store.locator),
});
