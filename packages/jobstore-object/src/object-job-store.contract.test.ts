import { describeJobStoreContract } from '@toil/testing';
import { MemoryObjectStore } from './memory-object-store.js';
import { ObjectJobStore } from './object-job-store.js';

// The driver over an in-memory object store: the contract holds with nothing but the ObjectStoreClient interface.
// The same suite runs over the real adapters in @toil/jobstore-aws (radosgw) and @toil/jobstore-gcs (HTTP fake).
const buckets = new Map<string, MemoryObjectStore>();
let counter = 0;

function open(locator: string): ObjectJobStore {
  let client = buckets.get(locator);
  if (!client) buckets.set(locator, (client = new MemoryObjectStore(locator)));
  return new ObjectJobStore({ locator, openClient: async () => client, env: () => ({}) });
}

describeJobStoreContract('ObjectJobStore on an in-memory object store', async () => open(`memory:${counter++}`), {
  reopen: async (store) => open(store.locator),
});
