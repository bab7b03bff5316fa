/**
 * @toil/jobstore-aws: the job store on Amazon S3 or an S3-compatible server (`aws:<region>:<name>`).
 */
export { AwsJobStore, type AwsJobStoreOptions } from './aws-job-store.js';
export { parseAwsLocator, MAX_NAME_LENGTH, type AwsLocator } from './locator.js';
export { BucketMissing, type ObjectInfo, type ObjectStoreClient, type PutOptions } from '@toil/jobstore-object';
export { s3Settings, type S3Settings } from './s3-config.js';
export { CLUSTER_TAG, clusterTags, findClusterJobStores } from './cluster-stores.js';
export { S3AccessDeniedError, S3BucketError, S3UnreachableError } from './errors.js';
export { plugin, plugins, s3UrlScheme } from './plugin.js';
