/**
 * The conditions a CWL run can fail on, each with a stable `code`, so the runner prints them as one line (plus an
 * excerpt for document errors) and no stack trace.
 *
 * They carry @toil/core's cross-realm brand (`ToilError.is(error)` is true, as for errors from another copy of
 * core) instead of extending its class, so the loader, the expression sandbox and the tool runner work without
 * loading core (the conformance tests of those modules, and the harness, never need it).
 */

/** @toil/core's brand for its errors (`Symbol.for('toil.error')`, see ToilError.is). */
const TOIL_ERROR = Symbol.for('toil.error');

/** Base of the CWL errors: a ToilError by brand, with a stable code, shown to the user as its message alone. */
export class CwlError extends Error {
  /** Stable machine-readable identifier, e.g. `CWL_INVALID`. */
  readonly code: string;
  /** Always true: these are the user's documents and inputs, or the tools they name. */
  readonly userFacing = true;

  constructor(code: string, message: string) {
    super(message);
    this.name = new.target.name;
    this.code = code;
    (this as unknown as Record<symbol, boolean>)[TOIL_ERROR] = true;
  }
}

/** Exit code cwltest reads as "unsupported feature". */
export const UNSUPPORTED_EXIT = 33;

/** A CWL document (or job file) that cannot be loaded: bad YAML, a missing field, an unknown class. */
export class CwlValidationError extends CwlError {
  /**
   * @param where `file:line:col` of the bad value, or the file alone when no position is known.
   * @param excerpt The source line with a caret under the column, or '' when unknown.
   */
  constructor(
    readonly where: string,
    readonly detail: string,
    readonly excerpt = '',
  ) {
    super('CWL_INVALID', `${where}: ${detail}${excerpt === '' ? '' : `\n${excerpt}`}`);
  }
}

/** An input object value that does not match the declared type, or a required input that is missing. */
export class CwlInputError extends CwlError {
  constructor(message: string) {
    super('CWL_BAD_INPUT', message);
  }
}

/** An input File given as a URL (http(s)://, s3://, gs://, ...) that could not be downloaded. */
export class CwlUrlInputError extends CwlError {
  constructor(
    readonly url: string,
    reason: string,
  ) {
    super('CWL_URL_UNREADABLE', `Cannot download the input '${url}': ${reason}`);
  }
}

/**
 * The reason a URL could not be read, without core's prefix (`The URL '...' is invalid: <reason>`): the line
 * CwlUrlInputError makes quotes the URL once already.
 */
export function urlFailureReason(error: unknown): string {
  return (error as Error).message.replace(/^The URL '.*?' is invalid: /, '');
}

/** A feature this runner does not have yet (exit 33, which cwltest counts as unsupported). */
export class CwlUnsupportedError extends CwlError {
  constructor(readonly feature: string) {
    super('CWL_UNSUPPORTED', `Unsupported CWL feature: ${feature}.`);
  }
}

/** A `$(...)`/`${...}` expression that threw, timed out or is not allowed without InlineJavascriptRequirement. */
export class CwlExpressionError extends CwlError {
  constructor(
    readonly expression: string,
    reason: string,
  ) {
    super('CWL_EXPRESSION', `Expression '${shorten(expression)}' failed: ${reason}`);
  }
}

/** A tool that ended with a failure code, or whose outputs could not be collected. */
export class CwlToolFailedError extends CwlError {
  constructor(
    message: string,
    readonly kind: 'permanentFail' | 'temporaryFail' = 'permanentFail',
  ) {
    super('CWL_TOOL_FAILED', message);
  }
}

/**
 * A CWL error met inside a Toil job (a tool's failure, an expression error, a bad value found while binding),
 * raised again by the leader with the job's code and message (see toil/markers.ts).
 */
export class CwlJobError extends CwlError {}

function shorten(text: string): string {
  const oneLine = text.replace(/\s+/g, ' ').trim();
  return oneLine.length > 120 ? `${oneLine.slice(0, 117)}...` : oneLine;
}
