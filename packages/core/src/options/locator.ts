import { isAbsolute, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { InvalidLocatorError } from '../errors.js';

/**
 * Job store locators (Toil's documentation, "Job Store" options: the locator syntax): `file:<path>`,
 * `aws:<region>:<prefix>`, `google:<project>:<prefix>`, or
 * any `<scheme>:<rest>` a job store package registers. A string that starts with `/` or `.`, or has no `:`, is a
 * file job store path. File paths are made absolute here, on the leader, because workers may run in another
 * directory.
 */

/** A parsed locator. */
export interface ParsedLocator {
  /** The job store kind, e.g. `file`, `aws`, `google`. */
  scheme: string;
  /** Everything after the first `:`; for `file`, the absolute path. */
  rest: string;
  /** The canonical locator string: `<scheme>:<rest>`. */
  locator: string;
}

const SCHEME = /^[a-z][a-z0-9+-]*$/;

/** Parse a locator; relative file paths resolve against `cwd` (default: the current directory). */
export function parseLocator(s: string, cwd: string = process.cwd()): ParsedLocator {
  if (typeof s !== 'string' || s.trim() === '') {
    throw new InvalidLocatorError(
      String(s),
      "it is empty; use a path like './my-jobstore' or a locator like 'aws:us-west-2:my-prefix'",
    );
  }
  const colon = s.indexOf(':');
  if (s.startsWith('/') || s.startsWith('.') || colon < 0) return fileLocator(resolve(cwd, s));
  const scheme = s.slice(0, colon);
  const rest = s.slice(colon + 1);
  if (!SCHEME.test(scheme)) {
    throw new InvalidLocatorError(
      s,
      `'${scheme}' is not a job store type; use a lower-case type such as 'file', 'aws' or 'google' before the first ':', or start a file path with './' or '/'`,
    );
  }
  if (rest === '') {
    const example = scheme === 'file' ? 'file:/data/my-jobstore' : `${scheme}:<details>`;
    throw new InvalidLocatorError(s, `nothing follows '${scheme}:'; use a locator like '${example}'`);
  }
  if (scheme === 'file') return fileLocator(filePath(s, rest, cwd));
  return { scheme, rest, locator: `${scheme}:${rest}` };
}

/** Build a locator string from its parts (Toil's buildLocator). */
export function buildLocator(scheme: string, rest: string): string {
  return `${scheme}:${rest}`;
}

function fileLocator(path: string): ParsedLocator {
  return { scheme: 'file', rest: path, locator: `file:${path}` };
}

/** `file:relative`, `file:/abs` and the URL form `file:///abs`. */
function filePath(s: string, rest: string, cwd: string): string {
  if (!rest.startsWith('//')) return isAbsolute(rest) ? resolve(rest) : resolve(cwd, rest);
  try {
    return fileURLToPath(s);
  } catch (err) {
    throw new InvalidLocatorError(
      s,
      `it is not a local file URL (${(err as Error).message}); use 'file:/absolute/path' or a plain path`,
    );
  }
}
