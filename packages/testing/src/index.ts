/**
 * @toil/testing: test helpers for Toil packages. The JobStore contract suite every job store runs, the BatchSystem
 * contract suite every batch system runs, an in-memory job store, a local HTTP server for import/export tests, and
 * fixtures.
 */
export { describeJobStoreContract } from './contract/describe-contract.js';
export {
  binaryData,
  collect,
  expectToilError,
  streamBytes,
  type ContractContext,
  type ContractOptions,
} from './contract/context.js';
export { describeBatchSystemContract } from './batch-contract/describe-batch-contract.js';
export type { BatchSystemContractSetup } from './batch-contract/setup.js';
export { batchContractFixturePath, fixtureJobs, type FixtureCall } from './batch-contract/fixture-jobs.js';
export { maxConcurrency, type Run } from './batch-contract/concurrency.js';
export { isProcessRunning } from './batch-contract/processes.js';
export { MemoryJobStore } from './memory/memory-job-store.js';
export { startTestHttpServer, type TestHttpServer } from './http-server.js';
export { testConfig } from './config.js';
export { makeJob } from './job-fixture.js';
