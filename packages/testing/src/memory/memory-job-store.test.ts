import { describe, expect, it } from 'vitest';
import { describeJobStoreContract } from '../contract/describe-contract.js';
import { expectToilError } from '../contract/context.js';
import { MemoryJobStore } from './memory-job-store.js';

describeJobStoreContract('MemoryJobStore', async () => new MemoryJobStore(), {
  reopen: async (store) => new MemoryJobStore(store.locator),
});

describe('MemoryJobStore', () => {
  it('rejects locators of other stores', () => {
    expect(() => new MemoryJobStore('file:/tmp/x')).toThrow(/memory:<name>/);
  });

  it('throws NoSuchJobStoreError when used before initialize', async () => {
    const store = new MemoryJobStore();
    await expectToilError(store.writeFileBytes('x'), 'NO_SUCH_JOB_STORE');
    await expectToilError(store.load('job1'), 'NO_SUCH_JOB_STORE');
  });
});
