/**
 * @toil/testing: test helpers for Toil packages. The JobStore contract suite every job store runs, an in-memory
 * job store, a local HTTP server for import/export tests, and fixtures.
 */
export { describeJobStoreContract } from './contract/describe-contract.js';
export { binaryData, collect, expectToilError, streamBytes, type ContractContext, type ContractOptions } from './contract/context.js';
export { MemoryJobStore } from './memory/memory-job-store.js';
export { startTestHttpServer, type TestHttpServer } from './http-server.js';
export { testConfig } from './config.js';
export { makeJob } from './job-fixture.js';
