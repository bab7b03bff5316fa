import { InvalidLocatorError } from '@toil/core';

/** A `google:<project>:<name>` locator, parsed: the job store lives in one bucket, `<name>--toil`. */
export interface GoogleLocator {
  /** The canonical locator, `google:<project>:<name>`. */
  locator: string;
  /** The Google Cloud project ID that owns (and pays for) the bucket. */
  project: string;
  /** The job store's name as the user gave it. */
  name: string;
  /** The bucket that holds everything: the name plus `--toil`, as in Toil's stores. */
  bucket: string;
}

/** What Toil reserves between a job store's name and the bucket's suffix, so names cannot contain it. */
export const NAME_SEPARATOR = '--';
const BUCKET_SUFFIX = `${NAME_SEPARATOR}toil`;
/** GCS bucket names without dots are at most 63 characters, and the suffix takes 6 of them. */
export const MAX_NAME_LENGTH = 63 - BUCKET_SUFFIX.length;
// Dots are left out on purpose: a dotted bucket name must be a domain its owner has verified with Google.
const NAME = /^[a-z0-9][a-z0-9_-]*[a-z0-9]$/;
// Google's rule for project IDs: 6 to 30 lower-case letters, digits and hyphens, starting with a letter and not
// ending with a hyphen. Domain-scoped IDs (`example.com:proj`) hold a ':' and cannot fit in the locator.
const PROJECT = /^[a-z][a-z0-9-]{4,28}[a-z0-9]$/;
const EXAMPLE = "use a locator like 'google:my-project-id:my-workflow'";

/**
 * Parse `google:<project>:<name>`. The project must be a Google project ID; the name must make a usable bucket
 * name with `--toil` added: 3 to 57 lower-case letters, digits, dashes and underscores, starting and ending with a
 * letter or digit, no `--` (Toil's separator), and neither a `goog` prefix nor `google` inside, which GCS refuses.
 */
export function parseGoogleLocator(locator: string): GoogleLocator {
  const parts = locator.split(':');
  if (parts.length !== 3 || parts[0] !== 'google') {
    throw new InvalidLocatorError(locator, `a Google job store locator has three parts; ${EXAMPLE}`);
  }
  const [, project, name] = parts as [string, string, string];
  if (!PROJECT.test(project)) {
    throw new InvalidLocatorError(
      locator,
      `'${project}' is not a Google project ID (6 to 30 lower-case letters, digits and hyphens, starting with a letter); ${EXAMPLE}`,
    );
  }
  if (name.includes(NAME_SEPARATOR)) {
    throw new InvalidLocatorError(locator, `the name '${name}' contains '--', which Toil reserves; use single dashes`);
  }
  if (name.length < 3 || name.length > MAX_NAME_LENGTH || !NAME.test(name)) {
    throw new InvalidLocatorError(
      locator,
      `the name '${name}' is not usable in a GCS bucket name; use 3 to ${MAX_NAME_LENGTH} lower-case letters, digits, dashes and underscores, starting and ending with a letter or digit`,
    );
  }
  if (name.startsWith('goog') || name.includes('google')) {
    throw new InvalidLocatorError(
      locator,
      `the name '${name}' starts with 'goog' or contains 'google', which GCS refuses in bucket names; choose another name`,
    );
  }
  return { locator: `google:${project}:${name}`, project, name, bucket: name + BUCKET_SUFFIX };
}
