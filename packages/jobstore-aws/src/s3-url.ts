import type { UrlSchemeHandler } from '@toil/core/backend';
import { objectUrlHandler, parseObjectUrl } from '@toil/jobstore-object';
import { s3Settings } from './s3-config.js';
import { S3ObjectStore } from './s3-object-store.js';

/** `s3://<bucket>/<key>`, parsed. */
export function parseS3Url(url: string): { bucket: string; key: string } {
  return parseObjectUrl('s3', url);
}

/**
 * The `s3://` URL scheme: objects of any bucket the credentials reach, in the region of AWS_REGION (or
 * AWS_DEFAULT_REGION, else us-east-1) or on the server of TOIL_S3_HOST.
 */
export function s3UrlHandler(env: NodeJS.ProcessEnv = process.env): UrlSchemeHandler {
  const region = env.AWS_REGION || env.AWS_DEFAULT_REGION || 'us-east-1';
  return objectUrlHandler(parseS3Url, (bucket) => new S3ObjectStore(bucket, s3Settings(region, env)));
}
