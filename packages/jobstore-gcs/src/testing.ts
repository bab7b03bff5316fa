/**
 * @toil/jobstore-gcs/testing: the in-process HTTP fake of the GCS JSON API that this package's tests and the
 * project's end-to-end tests run the `google:` store against (no GCS emulator exists here).
 */
export { FakeGcsServer, type FakeGcsOptions, type FakeRequest } from './fake/server.js';
export { writeFakeCredentials } from './fake/credentials.js';
export type { FakeBucket, FakeObject } from './fake/model.js';
