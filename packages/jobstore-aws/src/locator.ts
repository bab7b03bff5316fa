import { InvalidLocatorError } from '@toil/core';

/** An `aws:<region>:<name>` locator, parsed: the job store lives in one bucket, `<name>--toil`. */
export interface AwsLocator {
  /** The canonical locator, `aws:<region>:<name>`. */
  locator: string;
  /** The AWS region, e.g. `us-west-2` (any region name an S3-compatible server accepts). */
  region: string;
  /** The job store's name as the user gave it. */
  name: string;
  /** The bucket that holds everything: the name plus `--toil`. */
  bucket: string;
}

/** What Toil reserves between a job store's name and the bucket's suffix, so names cannot contain it. */
export const NAME_SEPARATOR = '--';
const BUCKET_SUFFIX = `${NAME_SEPARATOR}toil`;
/** S3 bucket names are at most 63 characters, and the suffix takes 6 of them. */
export const MAX_NAME_LENGTH = 63 - BUCKET_SUFFIX.length;
const NAME = /^[a-z0-9][a-z0-9-]*[a-z0-9]$/;
const REGION = /^[a-z]{2}(-[a-z]+)+-\d+$/;
const EXAMPLE = "use a locator like 'aws:us-west-2:my-workflow'";

/**
 * Parse `aws:<region>:<name>`. The name follows S3's bucket rules (3–57 lower-case letters, digits and dashes,
 * starting and ending with a letter or digit) and may not contain `--`, as in Toil. The region must look like an
 * AWS region (`us-west-2`) unless TOIL_S3_HOST names an S3-compatible server, whose region names are its own.
 */
export function parseAwsLocator(locator: string, env: NodeJS.ProcessEnv = process.env): AwsLocator {
  const parts = locator.split(':');
  if (parts.length !== 3 || parts[0] !== 'aws') {
    throw new InvalidLocatorError(locator, `an AWS job store locator has three parts; ${EXAMPLE}`);
  }
  const [, region, name] = parts as [string, string, string];
  const customServer = (env.TOIL_S3_HOST ?? '') !== '';
  if (!(customServer ? /^[a-z0-9][a-z0-9-]*$/ : REGION).test(region)) {
    throw new InvalidLocatorError(locator, `'${region}' is not an AWS region; ${EXAMPLE}`);
  }
  if (name.includes(NAME_SEPARATOR)) {
    throw new InvalidLocatorError(locator, `the name '${name}' contains '--', which Toil reserves; use single dashes`);
  }
  if (name.length < 3 || name.length > MAX_NAME_LENGTH || !NAME.test(name)) {
    throw new InvalidLocatorError(
      locator,
      `the name '${name}' is not usable in an S3 bucket name; use 3 to ${MAX_NAME_LENGTH} lower-case letters, digits and dashes, starting and ending with a letter or digit`,
    );
  }
  return { locator: `aws:${region}:${name}`, region, name, bucket: name + BUCKET_SUFFIX };
}
