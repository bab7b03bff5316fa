import { describe, expect, it } from 'vitest';
import { describeJobStoreContract, makeJob, testConfig } from '@toil/testing';
import { MemoryObjectStore } from './memory-object-store.js';
import { ObjectJobStore } from './object-job-store.js';

// toil debug-job's scratch copy of a remote store: the whole contract holds on the copy-on-write view, and the
// store it was made from is left exactly as it was.
let counter = 0;

function open(client: MemoryObjectStore): ObjectJobStore {
  return new ObjectJobStore({ locator: client.bucket, openClient: async () => client, env: () => ({}) });
}

describeJobStoreContract('ObjectJobStore.scratchCopy() over an in-memory object store', async () =>
  open(new MemoryObjectStore(`memory:${counter++}`)).scratchCopy(),
);

describe('a scratch copy', () => {
  it('reads what the store holds and writes only to itself', async () => {
    const client = new MemoryObjectStore('memory:base');
    const store = open(client);
    await store.initialize(testConfig({ jobStore: store.locator }));
    const job = makeJob(store.assignId());
    await store.create(job);
    const fileId = await store.writeFileBytes('original', { ownerJobId: job.id });
    const before = new Map<string, string>();
    for await (const key of client.list('')) before.set(key, (await client.get(key))?.body.toString('base64') ?? '');

    const copy = store.scratchCopy();
    expect((await copy.resume()).jobStore).toBe(store.locator);
    expect((await copy.load(job.id)).id).toBe(job.id);
    await copy.update({ ...job, remainingTries: 0 });
    await copy.updateFileBytes(fileId, 'changed');
    const added = makeJob(copy.assignId());
    await copy.create(added);
    await copy.delete(job.id);
    expect(await copy.jobExists(job.id)).toBe(false);
    expect((await copy.load(added.id)).id).toBe(added.id);
    expect(await copy.fileExists(fileId)).toBe(false); // deleted with its owner

    const after = new Map<string, string>();
    for await (const key of client.list('')) after.set(key, (await client.get(key))?.body.toString('base64') ?? '');
    expect(after).toEqual(before);
    expect((await store.readFileBytes(fileId)).toString()).toBe('original');
  });
});
