/**
 * @toil/jobstore-object: the job store over one bucket of any object store, shared by @toil/jobstore-aws and
 * @toil/jobstore-gcs: the client interface each SDK adapter implements, the driver written against it, the key
 * layout and the stats channel.
 */
export { ObjectJobStore, type ObjectJobStoreBackend } from './object-job-store.js';
export { BucketMissing, type ObjectInfo, type ObjectStoreClient, type PutOptions } from './object-store.js';
export { Keys, NO_OWNER, isJobId, newFileId, ownerOf } from './keys.js';
export { ObjectFiles, SINGLE_PUT_LIMIT, downloadTo, fileMetadata } from './files.js';
export { ObjectStats } from './stats.js';
export { readKeyFile, KEY_LENGTH } from './key-file.js';
export { objectUrlHandler, parseObjectUrl } from './url-scheme.js';
