// Typed errors of the Passbolt API client: the server could not be reached,
// it answered with an error envelope (status, header.message, field-keyed validation body), or it answered
// with something that is not a Passbolt envelope at all.

/** Field-keyed validation errors as CakePHP returns them: field -> rule -> message, nested for associations. */
export type FieldErrors = { [field: string]: string | FieldErrors };

export abstract class ApiError extends Error {
  abstract readonly code: string;
}

/** The request never got an HTTP answer (DNS, refused connection, TLS, timeout, abort). */
export class ApiUnavailableError extends ApiError {
  readonly code = 'unavailable';
  constructor(readonly url: string, cause?: unknown, readonly timedOut = false) {
    super(timedOut
      ? `The server at ${new URL(url).origin} did not answer in time.`
      : `The server at ${new URL(url).origin} cannot be reached.`, { cause });
    this.name = 'ApiUnavailableError';
  }
}

/** A non-2xx answer in Passbolt's envelope (or without one, then `message` is the HTTP status text). */
export class ApiHttpError extends ApiError {
  readonly code = 'http';
  constructor(
    readonly status: number,
    message: string,
    /** The envelope body: `""` for most errors, field-keyed errors for validation, an object for dry-runs. */
    readonly body: unknown,
    readonly url: string,
  ) {
    super(message);
    this.name = 'ApiHttpError';
  }

  /** Validation errors keyed by field, when the body has that shape. */
  get fieldErrors(): FieldErrors | undefined {
    return isFieldErrors(this.body) ? this.body : undefined;
  }
}

/** A 2xx (or error) answer whose body is not JSON or not a Passbolt envelope, or a body of the wrong shape. */
export class ApiBadResponseError extends ApiError {
  readonly code = 'bad-response';
  constructor(readonly url: string, detail: string) {
    super(`The server sent an unexpected answer (${detail}).`);
    this.name = 'ApiBadResponseError';
  }
}

/** The session cannot be renewed (refresh token refused and no way to log in again): the user must unlock. */
export class ApiSessionExpiredError extends ApiError {
  readonly code = 'session-expired';
  constructor() {
    super('The session with the server has expired. Unlock again to continue.');
    this.name = 'ApiSessionExpiredError';
  }
}

/** The caller cancelled the operation (an AbortSignal fired) before it finished. */
export class CancelledError extends ApiError {
  readonly code = 'cancelled';
  constructor(message = 'The operation was cancelled.') {
    super(message);
    this.name = 'CancelledError';
  }
}

/** Validation errors nest a few levels (field, association, rule); deeper is not one, and must not blow the stack. */
const MAX_FIELD_ERROR_DEPTH = 8;

function isFieldErrors(value: unknown, depth = 0): value is FieldErrors {
  if (depth > MAX_FIELD_ERROR_DEPTH || typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  return Object.values(value).every((v) => typeof v === 'string' || isFieldErrors(v, depth + 1));
}

export function isUnavailable(error: unknown): error is ApiUnavailableError {
  return error instanceof ApiUnavailableError;
}
