/**
 * A Compute Engine API error as the real service reports it: the HTTP status, a message, and one `errors[]` entry
 * whose `reason` (`notFound`, `alreadyExists`, `invalid`, `required`...) clients look at.
 */
export class GceApiError extends Error {
  constructor(
    readonly status: number,
    readonly reason: string,
    message: string,
  ) {
    super(message);
    this.name = 'GceApiError';
  }

  /** The JSON body GCE answers with (`{ error: { code, message, errors, status } }`). */
  toJson(): object {
    return {
      error: {
        code: this.status,
        message: this.message,
        errors: [{ message: this.message, domain: 'global', reason: this.reason }],
        status: STATUS_NAMES[this.status] ?? 'UNKNOWN',
      },
    };
  }
}

/** The canonical status names Google APIs put beside the HTTP code. */
const STATUS_NAMES: Record<number, string> = {
  400: 'INVALID_ARGUMENT',
  401: 'UNAUTHENTICATED',
  403: 'PERMISSION_DENIED',
  404: 'NOT_FOUND',
  409: 'ALREADY_EXISTS',
  412: 'FAILED_PRECONDITION',
  500: 'INTERNAL',
};

/** `The resource '<path>' was not found`, GCE's 404. */
export function notFound(path: string): GceApiError {
  return new GceApiError(404, 'notFound', `The resource '${path}' was not found`);
}
