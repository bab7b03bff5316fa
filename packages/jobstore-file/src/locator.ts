import { isAbsolute, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { InvalidLocatorError } from '@toil/core';

/**
 * Parse a file job-store locator into the absolute directory it names: `file:<absolute path>`, the URL form
 * `file:///path`, or a bare absolute path. Relative paths are refused because workers may run in another
 * directory: the CLI (core's parseLocator) makes them absolute before a store is opened.
 */
export function parseFileLocator(locator: string): string {
  const rest = locator.startsWith('file:') ? locator.slice('file:'.length) : locator;
  if (rest === '') throw new InvalidLocatorError(locator, "the path is empty; use 'file:/absolute/path/to/store'");
  if (rest.startsWith('//')) {
    try {
      return fileURLToPath(locator);
    } catch (err) {
      throw new InvalidLocatorError(
        locator,
        `it is not a valid file: URL (${(err as Error).message}); use 'file:/absolute/path'`,
      );
    }
  }
  if (!isAbsolute(rest)) {
    throw new InvalidLocatorError(
      locator,
      `the path '${rest}' is relative; use an absolute path such as 'file:${resolve(rest)}'`,
    );
  }
  // resolve() only normalizes an absolute path here (`/a//b/` becomes `/a/b`).
  return resolve(rest);
}
